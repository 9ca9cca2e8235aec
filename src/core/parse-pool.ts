import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'
import {
  fail,
  restoreMessages,
  type ContentKind,
  type MessageRecord,
  type NamedTranslation,
  type VFile
} from '../content/content-file.js'
import {parseContribution} from '../model/parse-contribution.js'
import {defaultParseTimeoutMs, guardedLength, parseGuarded} from './guarded-parse.js'
import {parseSession} from '../model/parse-session.js'
import type {Contribution, Session} from '../model/types.js'
import type {ParsedTranslation} from '../model/parsed-forum.js'
import {isTranslation, parseTranslation} from '../model/parse-translation.js'

/**
 * Parses a session's or a contribution's file. The limits of markdownLimits
 * keep nesting well under the stack's depth; should some other shape still
 * exhaust it, the file gets an error, not the build.
 */
export function parseSourceFile(
  file: VFile,
  contentRoot: string,
  language: string
): Session | Contribution | ParsedTranslation | undefined {
  try {
    if (isTranslation(file)) return parseTranslation(file, contentRoot)
    return file.data.kind === 'session'
      ? parseSession(file, contentRoot, language)
      : parseContribution(file, contentRoot, language)
  } catch (error) {
    if (!(error instanceof RangeError && /call stack/i.test(error.message))) throw error
    fail(
      file,
      'Markdown nested too deeply to be read',
      'markdown-too-deep',
      undefined,
      'Nest lists, quotes, links and HTML a few levels at most.'
    )
    return undefined
  }
}

/** What a parsing thread is sent of a file. */
export interface SentFile {
  path: string
  cwd: string
  value: string
  kind: ContentKind
  source: string
  translation: NamedTranslation | undefined
}

/** A file parsed by a thread: its value and messages, or `failed` when its parse threw. */
export type ThreadParse = {value: unknown; messages: MessageRecord[]} | {failed: true}

export interface Batch {
  id: number
  files: SentFile[]
}

export interface BatchResult {
  id: number
  results: ThreadParse[]
}

export interface ParseEachOptions {
  contentRoot: string
  language: string
  /** Threads that may parse at once, this one included. */
  jobs: number
  /** Stops parsing: threads are ended at once, and this thread stops between two files. */
  signal?: AbortSignal
  /** How long one long file may take to parse (see guardedLength); default defaultParseTimeoutMs. */
  parseTimeoutMs?: number
}

/** With fewer files than this per thread, starting threads (about 0.15 s each, to load the parser) costs more than it saves. */
const filesPerThread = 200
const batchSize = 16
/** How long this thread parses before it lets other events in: a signal is then seen within about this time. */
const yieldEveryMs = 25
/** Batches a thread is given ahead, so that it does not wait while this thread parses. */
const batchesAhead = 2
/** Beside this module, compiled or bundled; absent when the sources run under test, which then parse in one thread. */
const workerFile = fileURLToPath(new URL('./parse-worker.js', import.meta.url))

/**
 * Parses the files at `indices`, calling `parsed` with each index and value
 * in no set order. Markdown parsing is most of a cold build, so with many
 * files to parse, threads of their own parse batches of them beside this one.
 * A file whose parse threw in a thread is parsed again here, so that the
 * error is the one a parse in this thread gives; a thread that fails leaves
 * its batches to this one. Returns how many threads parsed, this one included.
 */
export async function parseEach(
  files: VFile[],
  indices: number[],
  options: ParseEachOptions,
  parse: (file: VFile) => unknown,
  parsed: (index: number, value: unknown) => void
): Promise<number> {
  // Long files parse in a thread of their own, under a time budget, beside the others.
  const guarded = existsSync(workerFile)
    ? indices.filter(
        (index) => files[index]!.messages.length === 0 && String(files[index]!.value).length > guardedLength
      )
    : []
  if (guarded.length === 0) return parseInThreads(files, indices, options, parse, parsed)
  const stop = new AbortController()
  const onAbort = () => stop.abort(options.signal!.reason)
  options.signal?.addEventListener('abort', onAbort, {once: true})
  const retry: number[] = []
  const guarding = parseGuarded(
    files,
    guarded,
    sendFile,
    {
      workerFile,
      workerData: {contentRoot: options.contentRoot, language: options.language},
      timeoutMs: options.parseTimeoutMs ?? defaultParseTimeoutMs,
      signal: stop.signal
    },
    (index, result) => {
      if ('failed' in result) retry.push(index)
      else parsed(index, 'value' in result ? result.value : undefined)
    }
  )
  // Whichever side fails first (a signal, a bug) stops the other.
  guarding.catch(() => stop.abort(new Error('stopped')))
  try {
    const rest = new Set(guarded)
    const threads = await parseInThreads(
      files,
      indices.filter((index) => !rest.has(index)),
      {...options, signal: stop.signal},
      parse,
      parsed
    )
    await guarding
    // A file whose parse threw in the thread throws here too, with the error a parse in this thread gives.
    for (const index of retry) parsed(index, parse(files[index]!))
    return threads + 1
  } catch (error) {
    stop.abort(error)
    await guarding.catch(() => undefined)
    throw options.signal?.aborted ? options.signal.reason : error
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
  }
}

/** Parses in this thread and, for many files, in threads beside it (see parseEach). */
async function parseInThreads(
  files: VFile[],
  indices: number[],
  options: ParseEachOptions,
  parse: (file: VFile) => unknown,
  parsed: (index: number, value: unknown) => void
): Promise<number> {
  const {signal} = options
  // This thread lets signals in (Ctrl-C) every few milliseconds of parsing, between two files.
  let yielded = performance.now()
  const parseHere = async (index: number) => {
    parsed(index, parse(files[index]!))
    if (performance.now() - yielded < yieldEveryMs) return
    await new Promise((resolve) => setImmediate(resolve))
    yielded = performance.now()
    signal?.throwIfAborted()
  }
  signal?.throwIfAborted()
  const threads = Math.min(options.jobs - 1, Math.floor(indices.length / filesPerThread))
  if (threads < 1 || !existsSync(workerFile)) {
    for (const index of indices) await parseHere(index)
    return 1
  }

  // Batches for any thread: the threads take from the front, this one from the end.
  const queue: number[][] = []
  const sendable = indices.filter((index) => files[index]!.messages.length === 0)
  for (let start = 0; start < sendable.length; start += batchSize)
    queue.push(sendable.slice(start, start + batchSize))
  // Batches for this thread only: files that already carry a message (unreadable, too large), so that
  // their messages keep their order, and files a thread failed on or did not finish.
  const mine: number[][] = [indices.filter((index) => files[index]!.messages.length > 0)]

  const inFlight = new Map<number, {worker: Worker; batch: number[]}>()
  let nextId = 0
  let wake = () => {}
  const feed = (worker: Worker) => {
    const batch = queue.shift()
    if (!batch) return
    const id = nextId++
    inFlight.set(id, {worker, batch})
    worker.postMessage({id, files: batch.map((index) => sendFile(files[index]!))} satisfies Batch)
  }
  const giveBack = (worker: Worker) => {
    for (const [id, flight] of inFlight) {
      if (flight.worker !== worker) continue
      inFlight.delete(id)
      mine.push(flight.batch)
    }
    wake()
  }
  const workers = Array.from({length: threads}, () => {
    const worker = new Worker(workerFile, {
      workerData: {contentRoot: options.contentRoot, language: options.language}
    })
    worker.on('message', ({id, results}: BatchResult) => {
      const {batch} = inFlight.get(id)!
      inFlight.delete(id)
      results.forEach((result, position) => {
        const index = batch[position]!
        if ('failed' in result) {
          mine.push([index])
        } else {
          restoreMessages(files[index]!, result.messages)
          parsed(index, result.value)
        }
      })
      feed(worker)
      wake()
    })
    worker.on('error', () => giveBack(worker))
    worker.on('exit', () => giveBack(worker))
    for (let ahead = 0; ahead < batchesAhead; ahead++) feed(worker)
    return worker
  })

  try {
    for (;;) {
      const batch = mine.pop() ?? queue.pop()
      if (batch) {
        for (const index of batch) await parseHere(index)
        // Lets the threads' results in, and gives them more.
        await new Promise((resolve) => setImmediate(resolve))
        signal?.throwIfAborted()
      } else if (inFlight.size > 0) {
        await new Promise<void>((resolve) => {
          wake = resolve
          signal?.addEventListener('abort', () => resolve(), {once: true})
        })
        signal?.throwIfAborted()
      } else {
        break
      }
    }
  } finally {
    for (const worker of workers) worker.removeAllListeners()
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
  return 1 + threads
}

function sendFile(file: VFile): SentFile {
  return {
    path: file.path,
    cwd: file.cwd,
    value: String(file.value),
    kind: file.data.kind!,
    source: file.data.source!,
    translation: file.data.translation
  }
}
