import {Worker} from 'node:worker_threads'
import {fail, restoreMessages, type VFile} from '../content/content-file.js'
import type {Batch, BatchResult, SentFile} from './parse-pool.js'

/**
 * Files longer than this (in characters) are parsed in a thread of their own, under a time budget. The
 * limits of markdownLimits keep every file's parse time proportional to its length, but a file of a
 * few hundred kilobytes of dense inline markup (links, emphasis, code spans) still takes seconds:
 * parsed in this thread, it would hold up Ctrl-C for as long.
 */
export const guardedLength = 64 * 1024

/** How long one file may take to parse, by default: a 2 MiB file of the densest markup takes about 16 s on two cores. */
export const defaultParseTimeoutMs = 60_000

export interface GuardedParseOptions {
  workerFile: string
  workerData: unknown
  timeoutMs: number
  signal: AbortSignal
}

/** What became of one file: parsed (with its value), failed in the thread (to parse here again), or out of time. */
export type GuardedResult = {value: unknown} | {failed: true} | {timedOut: true}

/**
 * Parses files one at a time in a thread of their own, each under `timeoutMs`. A file that takes longer gets an
 * error, and its thread is ended (a parse cannot be stopped otherwise); the next file gets a new thread. The
 * signal ends the thread at once, so a build stops within moments even during a long parse.
 */
export async function parseGuarded(
  files: VFile[],
  indices: number[],
  send: (file: VFile) => SentFile,
  options: GuardedParseOptions,
  parsed: (index: number, result: GuardedResult) => void
): Promise<void> {
  let worker: Worker | undefined
  try {
    for (const index of indices) {
      options.signal.throwIfAborted()
      worker ??= new Worker(options.workerFile, {workerData: options.workerData})
      const file = files[index]!
      const result = await parseOne(worker, file, send(file), options)
      if ('timedOut' in result || 'failed' in result) {
        await worker.terminate()
        worker = undefined
      }
      if ('timedOut' in result) {
        fail(
          file,
          `Markdown took more than ${options.timeoutMs / 1000} s to parse, and was left unread`,
          'markdown-too-slow',
          undefined,
          'Split the text into several contributions, or break long paragraphs of dense markup (links, emphasis, code) with blank lines.'
        )
      }
      parsed(index, result)
    }
  } finally {
    await worker?.terminate()
  }
}

function parseOne(worker: Worker, file: VFile, sent: SentFile, options: GuardedParseOptions) {
  return new Promise<GuardedResult>((resolve, reject) => {
    const done = (result: GuardedResult | Error) => {
      clearTimeout(timer)
      options.signal.removeEventListener('abort', onAbort)
      worker.off('message', onMessage)
      worker.off('error', onFailure)
      worker.off('exit', onFailure)
      if (result instanceof Error) reject(result)
      else resolve(result)
    }
    const onMessage = ({results}: BatchResult) => {
      const [result] = results
      if (!result || 'failed' in result) return done({failed: true})
      restoreMessages(file, result.messages)
      done({value: result.value})
    }
    const onFailure = () => done({failed: true})
    const onAbort = () => {
      void worker.terminate()
      done(options.signal.reason instanceof Error ? options.signal.reason : new Error('aborted'))
    }
    const timer = setTimeout(() => done({timedOut: true}), options.timeoutMs)
    worker.on('message', onMessage)
    worker.on('error', onFailure)
    worker.on('exit', onFailure)
    options.signal.addEventListener('abort', onAbort, {once: true})
    worker.postMessage({id: 0, files: [sent]} satisfies Batch)
  })
}
