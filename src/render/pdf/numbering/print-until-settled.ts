import {numbersFromPrints, type Numbers} from '../pagination.js'
import {htmlDigest} from '../piece-cache.js'
import type {PrintRun} from '../print-run.js'
import {inPool} from '../printer/printer-pool.js'

/** Rounds of printing at most: page numbers settle in one or two. */
const maxRounds = 4

/**
 * Prints again, until the numbers settle, every piece whose print was not
 * made with `numbers` (or taken from the cache): a piece whose pages moved
 * moves the numbers of the pieces after it. Starts from the numbers another
 * strategy found, or from those of the previous build.
 */
export async function printUntilSettled(run: PrintRun, numbers: Numbers): Promise<Numbers> {
  const {pieces, final} = run
  for (let round = 1; round <= maxRounds; round++) {
    const current = numbers
    const html = (index: number) => run.render(index, current.labels, current.offsets[index]!)
    const digests = pieces.map((_, index) => htmlDigest(html(index)))
    const stale = pieces.map((_, index) => index).filter((index) => final[index]?.digest !== digests[index])
    if (stale.length === 0) break
    let done = 0
    const before = run.printed
    await inPool(run.printers, stale, async (printer, index) => {
      const {piece, how} = await run.take(printer, index, html(index), digests[index]!)
      run.report(++done, stale.length, index, piece, how)
    })
    if (run.printed > before) run.rounds++
    numbers = numbersFromPrints(pieces, (index) => final[index], current)
  }
  return numbers
}
