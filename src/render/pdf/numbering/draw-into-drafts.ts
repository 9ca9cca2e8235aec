import {placeholderPageStart} from '../../../pdf-file/placeholder-glyphs.js'
import {numbersFromPrints, type Numbers} from '../pagination.js'
import {htmlDigest, type PrintedPiece} from '../piece-cache.js'
import type {PrintRun} from '../print-run.js'
import {inPool} from '../printer/printer-pool.js'
import type {Printer} from '../printer/printer.js'

/**
 * Numbering with the default theme, which gives every page number a box of
 * fixed width. Each piece but the indexes is printed once, with placeholders
 * where its numbers go (or taken from the cache), and its numbers are drawn
 * into that print: a session's as soon as the sessions before it are printed.
 * The indexes list pages in running text, where a number's width moves the
 * line: they are printed with their numbers, as soon as every session's pages
 * are known, while the front matter, which no other piece's numbers depend
 * on, is printed beside. The contents is numbered last.
 */
export async function drawIntoDrafts(run: PrintRun): Promise<Numbers> {
  const {pieces, sessionPieces, drafts, final} = run
  const order = [...sessionPieces, 0]
  // Drafts, sessions numbered, the indexes, the contents numbered.
  const total = order.length + sessionPieces.length + 2
  let done = 0
  let finished = 0
  let drawing = Promise.resolve()
  let indexes: Promise<void> | undefined
  const last = async (printer: Printer, index: number) => {
    const known = numbersFromPrints(pieces, (other) => final[other] ?? drafts[other]?.piece)
    const wanted = run.render(index, known.labels, known.offsets[index]!)
    const taken = await run.take(printer, index, wanted, htmlDigest(wanted))
    run.report(++done, total, index, taken.piece, taken.how)
  }
  await inPool(run.printers, order, async (printer, index) => {
    const front = pieces[index]!.front
    const html = run.render(index, undefined, front ? 0 : placeholderPageStart - 1, true)
    const digest = htmlDigest(html)
    const cached = await run.cache?.get(digest)
    const piece =
      cached ??
      (await run.naming<PrintedPiece>(
        index,
        printer.print(run.serve(index, html), true).then((bytes) => run.keep(digest, bytes))
      ))
    const how = cached ? 'reused' : 'printed'
    drafts[index] = {html, piece, runningNumbers: !front}
    run.report(++done, total, index, piece, how)
    // The numbers are drawn one session at a time, beside the printing; a session they cannot be drawn into
    // is printed with its numbers once the drafts are done.
    while (finished < sessionPieces.length && drafts[sessionPieces[finished]!]) {
      const session = sessionPieces[finished++]!
      const known = numbersFromPrints(pieces, (other) => drafts[other]?.piece)
      const wanted = run.render(session, known.labels, known.offsets[session]!)
      drawing = drawing.then(async () => {
        const taken = await run.takeWithoutPrinting(session, wanted, htmlDigest(wanted))
        if (taken) run.report(++done, total, session, taken.piece, taken.how)
      })
      // A failure is met where the drawing is awaited.
      drawing.catch(() => undefined)
    }
    // Every session's pages are known: this printer goes on with the indexes.
    if (!indexes && finished === sessionPieces.length) {
      indexes = last(printer, pieces.length - 1)
      await indexes
    }
  })
  await Promise.all([drawing, indexes])
  await last(run.printers[0]!, 0)
  run.rounds = run.printed > 0 ? 1 : 0
  return numbersFromPrints(pieces, (index) => final[index] ?? drafts[index]?.piece)
}
