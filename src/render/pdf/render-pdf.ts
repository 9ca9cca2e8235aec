import {browserVersion} from '../../browser/browser-version.js'
import type {FoundBrowser} from '../../browser/find-browser.js'
import type {Proceedings} from '../../model/types.js'
import {writePageLabels} from '../../pdf-file/page-labels.js'
import {readDestinations} from '../../pdf-file/read-destinations.js'
import {writeOutline} from '../../pdf-file/write-outline.js'
import {defaultJobs} from '../../util/parallelism.js'
import type {OutputFile} from '../../util/output-file.js'
import type {Theme} from '../theme/load-theme.js'
import type {PageRange} from '../cite/csl-items.js'
import {contributionPages} from './contribution-pages.js'
import {finishPdf} from './finish-pdf.js'
import {drawIntoDrafts} from './numbering/draw-into-drafts.js'
import {measureThenFill} from './numbering/measure-then-fill.js'
import {printUntilSettled} from './numbering/print-until-settled.js'
import {buildOutline} from './outline.js'
import {numbersFromLabels} from './pagination.js'
import {PieceCache, type PageLabels, type PrintedPiece} from './piece-cache.js'
import {splitIntoPieces, type Piece} from './pieces.js'
import {PrintRun, type PrintRunOptions} from './print-run.js'
import {Printer} from './printer/printer.js'
import {VolumeMerge} from './volume-merge.js'

export interface PdfOptions {
  browser: FoundBrowser
  /** The site's files: the print page may use its stylesheets and images. */
  siteFiles: OutputFile[]
  /** A print that takes longer is taken for a hung browser. */
  timeoutMs: number
  /** How many browsers print pieces at once (default: one per core, at most 4). */
  concurrency?: number
  /** Where printed pieces and the last page numbers are kept between builds; nothing is kept without it. */
  cacheDir?: string
  /** The file to write the PDF to, beside the output (it is then moved in); without it the PDF is kept in memory. */
  writeTo?: string
  /** After each piece printed: prints done and to do in this round, and what was printed. */
  onPiece?: (done: number, total: number, detail: string) => void
  /**
   * Once every session has its print, while the front matter and the indexes may still print: the sessions' prints
   * and page numbers. A session may still be printed again (its numbers moved): `PrintedPdf.pieces` has the last.
   */
  onSessionsPrinted?: PrintRunOptions['onSessionsPrinted']
  signal?: AbortSignal
}

export interface PrintedPdf {
  file: OutputFile
  pages: number
  /** Rounds of printing until the page numbers settled (0 when every piece came from the cache). */
  rounds: number
  /** Pieces printed, in all rounds, and pieces taken from the cache. */
  printed: number
  reused: number
  /** Pieces whose page numbers were drawn into their print. */
  drawn: number
  /** Prints read only once pdf-lib rewrote them: the browser wrote PDFs in a shape the merge does not read. */
  rewritten: number
  /** The first and last page of each session, as numbered in print. */
  sessions: {id: string; first: number; last: number}[]
  /** The first and last page of each contribution printed in full, by its anchor. */
  contributions: Map<string, PageRange>
  /** The page numbers of the volume, by anchor. */
  labels: PageLabels
  /** Each piece with its final print, readable until `release`. */
  pieces: {piece: Piece; printed: PrintedPiece}[]
  /** Lets go of the prints that the cache holds for this build. */
  release(): Promise<void>
}

/**
 * Prints the proceedings. Chromium's time grows faster than the length of a
 * document, so the volume is printed in pieces (front matter, sessions,
 * indexes) by a pool of browsers and merged, keeping tags and links. Each
 * piece is loaded with scripts off and every request outside the build's own
 * files aborted.
 *
 * Page numbers come from an earlier print. The front matter is numbered in
 * roman numerals, so the sessions' numbers depend only on the sessions before
 * them. With the default theme, they are drawn into prints made with
 * placeholders (`numbering/draw-into-drafts.ts`). With a theme of the forum's
 * own and the numbers of a previous build, every piece whose HTML differs
 * from its last tagged print is printed (or taken from the cache) until none
 * does (`numbering/print-until-settled.ts`). Without them, each piece is
 * first measured, then its numbers are filled into the page already laid
 * out and it is printed tagged (`numbering/measure-then-fill.ts`).
 */
export async function renderPdf(
  proceedings: Proceedings,
  theme: Theme,
  options: PdfOptions
): Promise<PrintedPdf> {
  const pieces = splitIntoPieces(proceedings)
  const cache = options.cacheDir
    ? await PieceCache.open(options.cacheDir, {
        browserVersion: await browserVersion(options.browser.executablePath),
        siteFiles: options.siteFiles
      })
    : undefined
  const poolSize = Math.max(1, Math.min(options.concurrency ?? defaultJobs(), pieces.length))
  const printers = Array.from({length: poolSize}, () => new Printer(options))
  const run = new PrintRun({
    proceedings,
    theme,
    pieces,
    printers,
    cache,
    siteFiles: options.siteFiles,
    onPiece: options.onPiece,
    onSessionsPrinted: options.onSessionsPrinted
  })
  const merge = new VolumeMerge(run, options.writeTo)

  try {
    merge.start()
    const previous =
      !theme.defaultPrint &&
      cache?.previous &&
      run.sessionPieces.every((index) => cache.previous![pieces[index]!.anchors[0]!] !== undefined)
        ? numbersFromLabels(pieces, cache.previous)
        : undefined
    const first = theme.defaultPrint ? await drawIntoDrafts(run) : (previous ?? (await measureThenFill(run)))
    const numbers = await printUntilSettled(run, first)

    // The browsers are done. The merge beside them is kept if it took the last print of every piece.
    await Promise.all(printers.map((printer) => printer.close()))
    const frontPages = run.final[0]!.pages
    const {merged, writer} = await merge.finish()
    writeOutline(merged, buildOutline(proceedings), readDestinations(merged))
    writePageLabels(merged, frontPages)
    await cache?.finish(numbers.labels)
    const firstPage = (anchor: string) => Number(numbers.labels[anchor] ?? 0)
    const starts = proceedings.sessions.map(({session, anchor}) => ({
      id: session.id,
      first: firstPage(anchor)
    }))
    const end = numbers.labels.indexes ? firstPage('indexes') : merged.getPageCount() - frontPages + 1
    const pages = merged.getPageCount()
    const sessions = starts.map((start, index) => ({...start, last: (starts[index + 1]?.first ?? end) - 1}))
    const sessionEnds = new Map(
      proceedings.sessions.map(({anchor}, index) => [anchor, sessions[index]!.last])
    )
    const bytes = finishPdf(merged, proceedings, writer)
    return {
      file: bytes
        ? {path: 'proceedings.pdf', contents: bytes}
        : {path: 'proceedings.pdf', moveFrom: options.writeTo!},
      pages,
      rounds: run.rounds,
      printed: run.printed,
      drawn: run.drawn,
      rewritten: run.rewritten,
      reused: cache?.hits ?? 0,
      sessions,
      contributions: contributionPages(pieces, numbers.labels, sessionEnds, frontPages),
      labels: numbers.labels,
      pieces: pieces.map((piece, index) => ({piece, printed: run.final[index]!})),
      release: async () => {
        await cache?.release()
      }
    }
  } catch (error) {
    // Printing or merging failed: a merge waiting for pieces stops, and what it wrote goes.
    run.abandon(error)
    await merge.abandon()
    await cache?.release()
    throw error
  } finally {
    await Promise.all(printers.map((printer) => printer.close()))
  }
}
