import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'
import {extractPart, type PartRequest} from '../../pdf-file/extract-part.js'
import {readPieceStructure} from '../../pdf-file/piece-structure.js'

/** The parts to cut out of one piece's print, as a thread is sent them. */
export interface CutJob {
  piece: Uint8Array
  /** The print of the parts' citation lines, a page each, when it could be made. */
  stamps: Uint8Array | undefined
  /** Each part, with the page of `stamps` drawn on its first page. */
  requests: (Omit<PartRequest, 'stamp'> & {stampPage?: number})[]
}

export type CutResult = {parts: Uint8Array[]} | {error: string}

/** Cuts the parts of a job, in the thread it runs in. */
export async function cutParts({piece, stamps, requests}: CutJob): Promise<Uint8Array[]> {
  const structure = readPieceStructure(piece)
  const stampStructure = stamps && readPieceStructure(stamps)
  const parts: Uint8Array[] = []
  for (const {stampPage, ...request} of requests)
    parts.push(
      await extractPart(
        structure,
        stampStructure && stampPage !== undefined
          ? {...request, stamp: {structure: stampStructure, page: stampPage}}
          : request
      )
    )
  return parts
}

const workerFile = fileURLToPath(new URL('./part-worker.js', import.meta.url))

/**
 * Threads that cut parts out of prints: taking pieces apart is most of the
 * work of the contributions' PDFs, and one thread did it while the other
 * cores waited. Jobs beyond the threads wait their turn. Where the thread's
 * file is missing (the sources run without being built), parts are cut in
 * this thread.
 */
export class PartCutters {
  private readonly idle: Worker[] = []
  private readonly all = new Set<Worker>()
  private readonly waiting: (() => void)[] = []
  /** The job each busy thread runs. */
  private readonly running = new Map<
    Worker,
    {resolve: (parts: Uint8Array[]) => void; reject: (error: Error) => void}
  >()
  private closed = false

  constructor(private readonly threads: number) {}

  async cut(job: CutJob): Promise<Uint8Array[]> {
    if (this.threads < 1 || !existsSync(workerFile)) return cutParts(job)
    const worker = await this.take()
    try {
      return await new Promise<Uint8Array[]>((resolve, reject) => {
        if (this.closed) return reject(new Error('stopped'))
        this.running.set(worker, {resolve, reject})
        worker.postMessage(job)
      })
    } finally {
      // A job that failed leaves its thread ready for the next, unless the thread died of it.
      if (this.all.has(worker) && !this.closed) this.idle.push(worker)
      this.waiting.shift()?.()
    }
  }

  /** Ends every thread; jobs still running fail. */
  async close() {
    this.closed = true
    for (const {reject} of this.running.values()) reject(new Error('stopped'))
    this.running.clear()
    for (const wake of this.waiting.splice(0)) wake()
    await Promise.all([...this.all].map((worker) => worker.terminate()))
  }

  private async take(): Promise<Worker> {
    for (;;) {
      if (this.closed) throw new Error('stopped')
      const worker = this.idle.pop()
      if (worker) return worker
      if (this.all.size < this.threads) return this.start()
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    }
  }

  private start(): Worker {
    const worker = new Worker(workerFile)
    this.all.add(worker)
    const settle = (result: CutResult | Error) => {
      const job = this.running.get(worker)
      this.running.delete(worker)
      if (result instanceof Error) job?.reject(result)
      else if ('error' in result)
        job?.reject(new Error(`Could not cut a part out of a print: ${result.error}`))
      else job?.resolve(result.parts)
    }
    worker.on('message', settle)
    // A thread that dies takes its job with it; the next job starts another.
    const gone = (error: Error) => {
      this.all.delete(worker)
      if (this.idle.includes(worker)) this.idle.splice(this.idle.indexOf(worker), 1)
      settle(error)
    }
    worker.on('error', gone)
    worker.on('exit', () => gone(new Error('stopped')))
    return worker
  }
}
