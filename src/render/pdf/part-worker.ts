// A thread that reads prints and cuts their parts for `PartCutters` (see part-cutters.ts).
import {parentPort} from 'node:worker_threads'
import type {CutterMessage, CutterReply} from './part-cutters.js'
import {storePart} from './part-cache.js'
import {cutPlanned, partThreadNice, planPiece, type PlannedPiece} from './part-plan.js'
import {lowerThreadPriority} from '../../util/lower-thread-priority.js'

// The parts are cut while the volume's last pieces print and are merged: the threads take what the printing leaves.
lowerThreadPriority(partThreadNice)

/** The prints read and not yet cut, by the id their plan was asked with. */
const planned = new Map<number, PlannedPiece>()

parentPort!.on('message', async (message: CutterMessage) => {
  const {id} = message
  try {
    if (message.kind === 'drop') {
      planned.delete(id)
    } else if (message.kind === 'plan') {
      const piece = planPiece(message.piece, message.places)
      planned.set(id, piece)
      parentPort!.postMessage({id, plan: piece.plan} satisfies CutterReply)
    } else {
      const piece = planned.get(id)
      planned.delete(id)
      if (!piece) throw new Error(`no print was read for ${id}`)
      const parts = await cutPlanned(piece, message.stamps, message.cuts)
      const sizes = parts.map((bytes, index) => storePart(bytes, message.stores[index]!))
      parentPort!.postMessage({id, sizes} satisfies CutterReply)
    }
  } catch (error) {
    if (message.kind === 'drop') return
    parentPort!.postMessage({
      id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error)
    } satisfies CutterReply)
  }
})
