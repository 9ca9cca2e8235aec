// A thread that cuts parts out of a piece's print for `PartCutters` (see part-cutters.ts).
import {parentPort} from 'node:worker_threads'
import {cutParts, type CutJob, type CutResult} from './part-cutters.js'

parentPort!.on('message', async (job: CutJob) => {
  try {
    const parts = await cutParts(job)
    parentPort!.postMessage(
      {parts} satisfies CutResult,
      parts.map((part) => part.buffer as ArrayBuffer)
    )
  } catch (error) {
    parentPort!.postMessage({
      error: error instanceof Error ? (error.stack ?? error.message) : String(error)
    } satisfies CutResult)
  }
})
