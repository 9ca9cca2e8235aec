import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'
import {defaultJobs} from '../../util/parallelism.js'
import type {CslItem} from './csl-items.js'

const workerFile = fileURLToPath(new URL('./citation-worker.js', import.meta.url))
/** Below this many items a thread costs more to start than it saves. */
const perThread = 300

/**
 * The formatted citation of each item, by id, in the forum's language.
 * citeproc-js takes about 2 ms per item: many items are shared between this
 * thread and others (one per core), each with its engine. Each citation
 * stands alone (the style's disambiguation is taken out), so the texts do
 * not depend on how the items are shared. Where the thread's file is
 * missing (the sources run without being built), all are formatted here.
 */
export async function formatCitations(language: string, items: CslItem[]): Promise<Map<string, string>> {
  const threads = existsSync(workerFile) ? Math.min(defaultJobs(), Math.floor(items.length / perThread)) : 0
  const share = Math.ceil(items.length / Math.max(1, threads))
  const away = Array.from({length: Math.max(0, threads - 1)}, (_, index) =>
    inThread(language, items.slice((index + 1) * share, (index + 2) * share))
  )
  // A thread's failure is thrown below, once this thread's share is formatted; until then it is not unhandled.
  for (const thread of away) thread.catch(() => undefined)
  // An engine per call: citeproc-js keeps the items it was given by id, so an engine kept from an earlier call
  // would format an edited item as it was.
  const {CitationFormatter} = await import('./citation-formats.js')
  const texts = new CitationFormatter(language).formatAll(threads > 1 ? items.slice(0, share) : items)
  for (const formatted of await Promise.all(away)) for (const [id, text] of formatted) texts.set(id, text)
  return texts
}

function inThread(language: string, items: CslItem[]): Promise<[string, string][]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, {workerData: {language, items}})
    let settled = false
    worker.once('message', (texts: [string, string][]) => {
      settled = true
      resolve(texts)
      void worker.terminate()
    })
    worker.once('error', (error) => {
      settled = true
      reject(error)
    })
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`a citation thread stopped (exit code ${code})`))
    })
  })
}
