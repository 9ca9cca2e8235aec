import {readPieceAnchors} from '../../../pdf-file/read-destinations.js'
import {numbersFromPrints, type Numbers} from '../pagination.js'
import {htmlDigest, type PieceLayout} from '../piece-cache.js'
import type {PrintRun} from '../print-run.js'
import {inTwoSteps} from '../printer/printer-pool.js'

/**
 * Numbering with a theme of the forum's own, without numbers to start from.
 * Each piece is measured (printed hidden, with placeholders) to learn where
 * its pages break; once the pieces before it are measured, its numbers are
 * filled into the page still open, which is printed again, tagged. The
 * contents and the indexes list pages of every session: they are measured
 * first, so as to be finished alongside the last session.
 */
export async function measureThenFill(run: PrintRun): Promise<Numbers> {
  const {pieces, final} = run
  const measured: (PieceLayout | undefined)[] = pieces.map(() => undefined)
  const total = 2 * pieces.length
  let done = 0
  let reprinted = false
  const order = [0, pieces.length - 1, ...run.sessionPieces]
  await inTwoSteps(run.printers, order, {
    // A session's numbers depend on the sessions before it; the contents' on every piece.
    ready: (index) =>
      measured.every(
        (measure, other) =>
          measure !== undefined || (!pieces[index]!.front && (other >= index || pieces[other]!.front))
      ),
    first: async (printer, index) => {
      const html = run.render(index, undefined, 0)
      const kept = await run.naming(index, printer.measure(run.serve(index, html)))
      const {value: measure} = await run
        .naming(index, run.readable(kept.bytes, readPieceAnchors))
        .catch(async (error: unknown) => {
          await kept.close()
          throw error
        })
      measured[index] = measure
      run.printed++
      run.report(++done, total, index, measure, 'measured')
      return kept
    },
    second: async (printer, index, kept) => {
      const known = numbersFromPrints(pieces, (other) => measured[other])
      const html = run.render(index, known.labels, known.offsets[index]!)
      const {piece, how} = await run.take(printer, index, html, htmlDigest(html), kept)
      reprinted ||= how === 'printed'
      run.report(++done, total, index, piece, how)
    },
    release: (kept) => kept.close()
  })
  run.rounds += reprinted ? 2 : 1
  return numbersFromPrints(pieces, (index) => final[index])
}
