import {readFile} from 'node:fs/promises'
import os from 'node:os'
import type {HTTPRequest} from 'puppeteer-core'
import {launchBrowser, type LaunchedBrowser} from '../../browser/launch-browser.js'
import type {FoundBrowser} from '../../browser/find-browser.js'
import {ExitCode, UserError} from '../../errors.js'
import type {Proceedings, SessionProceedings} from '../../model/types.js'
import type {OutputFile} from '../output-file.js'
import {pageContext} from '../page-context.js'
import type {Theme} from '../theme/load-theme.js'
import type {PDFDocument} from 'pdf-lib'
import {finishPdf, loadPdf} from './finish-pdf.js'
import {crossLinkPrefix, mergePieces} from './merge-pieces.js'
import {buildOutline, writeOutline} from './outline.js'
import {readDestinations, type Destination} from './read-destinations.js'
import {contentType} from '../content-type.js'

/** The print page is loaded from this origin, which only serves the build's own files. */
const origin = 'https://proceedings.invalid'
/** Page numbers settle after two prints; a few more cover a contents that grows by a page. */
const maxPasses = 4

export interface PdfOptions {
  browser: FoundBrowser
  /** The site's files: the print page may use its stylesheets and images. */
  siteFiles: OutputFile[]
  /** A print that takes longer is taken for a hung browser. */
  timeoutMs: number
  /** How many browsers print pieces at once (default: one per core, at most 4). */
  concurrency?: number
  /** After each piece printed: prints done and to do in this round, and what was printed. */
  onPiece?: (done: number, total: number, detail: string) => void
  signal?: AbortSignal
}

export interface PrintedPdf {
  file: OutputFile
  pages: number
  /** How many times the pieces were printed until their page numbers settled. */
  passes: number
  /** The first and last page of each session. */
  sessions: {id: string; first: number; last: number}[]
}

/** A piece of the volume printed on its own: the front matter, one session, or the indexes. */
export interface Piece {
  front: boolean
  sessions: SessionProceedings[]
  indexes: boolean
  anchors: string[]
}

/**
 * Prints the proceedings. Chromium's time grows faster than the length of a
 * document, so the volume is printed in pieces (front matter, each session,
 * indexes) by a pool of browsers and merged, keeping tags and links. Each
 * piece is loaded with scripts off and every request outside the build's own
 * files aborted. Page numbers come from the previous print: the pieces are
 * printed again until the numbers no longer change (twice, as a rule).
 */
export async function renderPdf(proceedings: Proceedings, theme: Theme, options: PdfOptions): Promise<PrintedPdf> {
  const served = new Map<string, OutputFile>(options.siteFiles.map((file) => [`/${file.path}`, file]))
  const pieces = splitIntoPieces(proceedings)
  const poolSize = Math.max(1, Math.min(options.concurrency ?? Math.min(os.availableParallelism(), 4), pieces.length))
  const printers = Array.from({length: poolSize}, () => new Printer(options))
  try {
    // Per piece: its last print, and the page numbers and first page it was printed with.
    const prints: ({pdf: PDFDocument; destinations: Map<string, Destination>; pages: Map<string, number> | undefined; offset: number} | undefined)[] = pieces.map(() => undefined)
    let pages: Map<string, number> | undefined
    let offsets = pieces.map(() => 0)
    for (let pass = 1; ; pass++) {
      const stale = pieces.map((piece, index) => {
        const last = prints[index]
        return !last || !last.pages || last.offset !== offsets[index] || !sameNumbers(last.pages, pages!, piece.front || piece.indexes ? undefined : piece.anchors)
      })
      if (pass > 1 && (!stale.includes(true) || pass > maxPasses)) {
        const merged = await mergePieces(prints.map((print) => print!.pdf))
        writeOutline(merged, buildOutline(proceedings), readDestinations(merged))
        const starts = proceedings.sessions.map(({session, anchor}) => ({id: session.id, first: pages!.get(anchor) ?? 0}))
        const end = pages!.get('indexes') ?? merged.getPageCount() + 1
        return {
          file: {path: 'proceedings.pdf', contents: await finishPdf(merged, proceedings)},
          pages: merged.getPageCount(),
          passes: pass - 1,
          sessions: starts.map((start, index) => ({...start, last: (starts[index + 1]?.first ?? end) - 1}))
        }
      }
      const indices = pieces.map((_, index) => index).filter((index) => stale[index])
      let done = 0
      await inPool(printers, indices, async (printer, index) => {
        const piece = pieces[index]!
        const html = theme.render('print', pageContext(proceedings, {
          mode: 'print',
          inFolder: false,
          pages: pages && Object.fromEntries(pages),
          part: {...piece, local: new Set(piece.anchors), pageOffset: offsets[index]!, crossLinkPrefix}
        }))
        const path = `/print-${index}.html`
        // The first print only measures where things land: tagging it would be wasted work.
        const bytes = await printer.print(new Map([...served, [path, {path, contents: html}]]), path, pages !== undefined).catch((error: unknown) => {
          if (error instanceof UserError) throw new UserError(`${error.message} (printing ${describePiece(piece)})`, {exitCode: error.exitCode, hint: error.hint, cause: error})
          throw error
        })
        const pdf = await loadPdf(bytes)
        prints[index] = {pdf, destinations: readDestinations(pdf), pages, offset: offsets[index]!}
        options.onPiece?.(++done, indices.length, `round ${pass}: ${describePiece(piece)}, ${pdf.getPageCount()} page${pdf.getPageCount() === 1 ? '' : 's'}`)
      })
      const counts = prints.map((print) => print!.pdf.getPageCount())
      offsets = counts.map((_, index) => counts.slice(0, index).reduce((sum, count) => sum + count, 0))
      pages = new Map()
      prints.forEach((print, index) => {
        for (const [anchor, destination] of print!.destinations) pages!.set(anchor, destination.page + offsets[index]!)
      })
    }
  } finally {
    await Promise.all(printers.map((printer) => printer.close()))
  }
}

/**
 * Small sessions share a piece: each print has a fixed cost, and short
 * documents print fast anyway. A session is never split.
 */
const contributionsPerPiece = 100

export function splitIntoPieces(proceedings: Proceedings): Piece[] {
  const front = ['contents-title', ...(proceedings.forum.foreword.atRoot ? ['foreword-title'] : [])]
  const groups: SessionProceedings[][] = []
  for (const session of proceedings.sessions) {
    const last = groups.at(-1)
    const size = (list: SessionProceedings[]) => list.reduce((sum, item) => sum + item.contributions.length, 0)
    if (last && size(last) + session.contributions.length <= contributionsPerPiece) last.push(session)
    else groups.push([session])
  }
  return [
    {front: true, sessions: [], indexes: false, anchors: front},
    ...groups.map((sessions) => ({
      front: false,
      sessions,
      indexes: false,
      anchors: sessions.flatMap((session) => [session.anchor, ...session.groups.flatMap((group) => [group.anchor,
        ...group.entries.filter((entry) => entry.full).map((entry) => entry.contribution.anchor)])])
    })),
    {front: false, sessions: [], indexes: true, anchors: ['indexes', 'speakers-title', 'countries-title']}
  ]
}

function describePiece(piece: Piece): string {
  if (piece.front) return 'the cover and contents'
  if (piece.indexes) return 'the indexes'
  return `session${piece.sessions.length === 1 ? '' : 's'} ${piece.sessions.map(({session}) => `\`${session.id}\``).join(', ')}`
}

/** Runs the work of each item on the first free printer. */
async function inPool<T>(printers: Printer[], items: T[], work: (printer: Printer, item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(printers.map(async (printer) => {
    while (next < items.length) await work(printer, items[next++]!)
  }))
}

/**
 * One browser for all the passes. A browser that crashes or hangs is killed
 * and replaced, and the print tried once more; a second failure is an error.
 */
class Printer {
  private launched: LaunchedBrowser | undefined
  private readonly stop = () => void this.launched?.close({kill: true})

  constructor(private readonly options: PdfOptions) {
    options.signal?.addEventListener('abort', this.stop, {once: true})
  }

  async print(served: Map<string, OutputFile>, path: string, tagged: boolean): Promise<Uint8Array> {
    let firstFailure: unknown
    for (let attempt = 1; attempt <= 2; attempt++) {
      this.options.signal?.throwIfAborted()
      try {
        this.launched ??= await launchBrowser(this.options.browser)
        return await withWatchdog(this.launched, this.options.timeoutMs, () => printPage(this.launched!, served, path, tagged))
      } catch (error) {
        this.options.signal?.throwIfAborted()
        firstFailure ??= error
        await this.launched?.close({kill: true})
        this.launched = undefined
      }
    }
    throw new UserError(`PDF printing failed twice: ${describeFailure(firstFailure)}`, {
      exitCode: ExitCode.environment,
      hint: 'Build with `--format html,json` to skip the PDF, raise `--print-timeout`, or try another browser with `--chrome <path>`.',
      cause: firstFailure
    })
  }

  async close() {
    this.options.signal?.removeEventListener('abort', this.stop)
    await this.launched?.close()
    this.launched = undefined
  }
}

async function printPage(launched: LaunchedBrowser, served: Map<string, OutputFile>, path: string, tagged: boolean): Promise<Uint8Array> {
  const page = await launched.browser.newPage()
  try {
    await page.setJavaScriptEnabled(false)
    await page.setRequestInterception(true)
    page.on('request', (request) => {
      void answer(request, served)
    })
    const response = await page.goto(`${origin}${path}`, {waitUntil: 'load', timeout: 0})
    if (!response?.ok()) throw new Error(`the print page did not load (${response?.status() ?? 'no response'})`)
    return await page.pdf({preferCSSPageSize: true, printBackground: true, tagged, timeout: 0})
  } finally {
    await page.close().catch(() => undefined)
  }
}

/** Runs the print, failing early when the browser disconnects (crash) or takes too long (hang). */
function withWatchdog<T>(launched: LaunchedBrowser, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the browser did not finish within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs)
    const onDisconnect = () => reject(new Error('the browser closed unexpectedly'))
    launched.browser.once('disconnected', onDisconnect)
    work().then(resolve, reject).finally(() => {
      clearTimeout(timer)
      launched.browser.off('disconnected', onDisconnect)
    })
  })
}

/** Whether two page maps agree, on the given anchors or on all. */
function sameNumbers(a: Map<string, number>, b: Map<string, number>, anchors: string[] | undefined): boolean {
  if (!anchors) {
    if (a.size !== b.size) return false
    for (const [anchor, page] of a) if (b.get(anchor) !== page) return false
    return true
  }
  return anchors.every((anchor) => a.get(anchor) === b.get(anchor))
}

async function answer(request: HTTPRequest, served: Map<string, OutputFile>) {
  try {
    const url = new URL(request.url())
    const file = url.origin === origin ? served.get(decodeURIComponent(url.pathname)) : undefined
    if (!file || request.method() !== 'GET') {
      await request.abort('blockedbyclient')
      return
    }
    const body = 'copyFrom' in file ? await readFile(file.copyFrom) : Buffer.from(file.contents)
    await request.respond({status: 200, contentType: contentType(file.path), body})
  } catch {
    // The page is gone (browser closed or crashed): the print itself reports that.
  }
}

function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error)
}
