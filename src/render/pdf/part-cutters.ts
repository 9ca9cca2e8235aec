import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'
import {storePart, type PartStore} from './part-cache.js'
import {cutPlanned, planPiece, type PartCut, type PartPlace, type PiecePlan} from './part-plan.js'

/** What a thread is sent: read a print and plan its parts, cut the parts of a planned print, or forget one. */
export type CutterMessage =
  | {kind: 'plan'; id: number; piece: Uint8Array; places: PartPlace[]}
  | {kind: 'cut'; id: number; stamps: Uint8Array | undefined; cuts: PartCut[]; stores: PartStore[]}
  | {kind: 'drop'; id: number}

export type CutterReply =
  {id: number; plan: PiecePlan} | {id: number; sizes: number[]} | {id: number; error: string}

/** A print read by a thread, its parts' pages found, waiting for its citation lines to be cut. */
export interface PlannedCut {
  plan: PiecePlan
  /** Cuts the parts, in the order of their places, and writes each where its store says: their sizes. The print is then forgotten. */
  cut(stamps: Uint8Array | undefined, cuts: PartCut[], stores: PartStore[]): Promise<number[]>
  /** Forgets the print without cutting it. */
  drop(): void
}

const workerFile = fileURLToPath(new URL('./part-worker.js', import.meta.url))

interface Thread {
  worker: Worker
  /** Prints read and not yet cut or dropped. */
  held: number
}

/**
 * Threads that take prints apart: taking pieces apart is most of the work of
 * the contributions' PDFs. A print is read once, by the thread that then
 * cuts it and writes its parts: the plan (each part's pages) comes back first, so that the
 * citation lines, which name those pages, can be printed while the thread
 * cuts another piece. A new print goes to the thread holding the fewest.
 * Where the thread's file is missing (the sources run without being built),
 * prints are read and cut in this thread.
 */
export class PartCutters {
  private readonly threads: Thread[] = []
  private readonly pending = new Map<
    number,
    {thread: Thread; resolve: (reply: CutterReply) => void; reject: (error: Error) => void}
  >()
  private nextId = 0
  private closed = false

  constructor(private readonly count: number) {}

  async plan(piece: Uint8Array, places: PartPlace[]): Promise<PlannedCut> {
    if (this.closed) throw new Error('stopped')
    if (this.count < 1 || !existsSync(workerFile)) {
      const planned = planPiece(piece, places)
      return {
        plan: planned.plan,
        cut: async (stamps, cuts, stores) =>
          (await cutPlanned(planned, stamps, cuts)).map((bytes, index) => storePart(bytes, stores[index]!)),
        drop() {}
      }
    }
    const thread = this.take()
    const id = this.nextId++
    thread.held++
    let done = false
    const forget = () => {
      if (!done) thread.held--
      done = true
    }
    try {
      const reply = await this.send(thread, {kind: 'plan', id, piece, places})
      if (!('plan' in reply)) throw new Error('a plan was expected')
      return {
        plan: reply.plan,
        cut: async (stamps, cuts, stores) => {
          try {
            const made = await this.send(thread, {kind: 'cut', id, stamps, cuts, stores})
            if (!('sizes' in made)) throw new Error('parts were expected')
            return made.sizes
          } finally {
            forget()
          }
        },
        drop: () => {
          if (!done && this.threads.includes(thread)) thread.worker.postMessage({kind: 'drop', id})
          forget()
        }
      }
    } catch (error) {
      forget()
      throw error
    }
  }

  /** Ends every thread; work still running fails. */
  async close() {
    this.closed = true
    for (const {reject} of this.pending.values()) reject(new Error('stopped'))
    this.pending.clear()
    await Promise.all(this.threads.splice(0).map(({worker}) => worker.terminate()))
  }

  /** The thread holding the fewest prints, or a new one while there are fewer threads than asked and none is free. */
  private take(): Thread {
    const least = this.threads.reduce<Thread | undefined>(
      (best, thread) => (best && best.held <= thread.held ? best : thread),
      undefined
    )
    if (least && (least.held === 0 || this.threads.length >= this.count)) return least
    return this.start()
  }

  private send(thread: Thread, message: CutterMessage): Promise<CutterReply> {
    return new Promise((resolve, reject) => {
      if (this.closed || !this.threads.includes(thread)) return reject(new Error('stopped'))
      this.pending.set(message.id, {thread, resolve, reject})
      thread.worker.postMessage(message)
    })
  }

  private start(): Thread {
    const thread: Thread = {worker: new Worker(workerFile), held: 0}
    this.threads.push(thread)
    thread.worker.on('message', (reply: CutterReply) => {
      const waiting = this.pending.get(reply.id)
      this.pending.delete(reply.id)
      if ('error' in reply) waiting?.reject(new Error(`Could not cut a part out of a print: ${reply.error}`))
      else waiting?.resolve(reply)
    })
    // A thread that dies takes its prints with it: what waits on it fails, and the next print starts another.
    const gone = (error: Error) => {
      const index = this.threads.indexOf(thread)
      if (index >= 0) this.threads.splice(index, 1)
      for (const [id, waiting] of this.pending)
        if (waiting.thread === thread) {
          this.pending.delete(id)
          waiting.reject(error)
        }
    }
    thread.worker.on('error', gone)
    thread.worker.on('exit', () => gone(new Error('stopped')))
    return thread
  }
}
