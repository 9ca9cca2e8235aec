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
import {finishPdf, loadPdf} from './finish-pdf.js'
import {crossLinkPrefix, mergePieces} from './merge-pieces.js'
import {buildOutline, writeOutline} from './outline.js'
import {readDestinations} from './read-destinations.js'

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
interface Piece {
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
    let pages: Map<string, number> | undefined
    let offsets = pieces.map(() => 0)
    for (let pass = 1; ; pass++) {
      const printed = await inPool(printers, pieces, async (printer, piece, index) => {
        const html = theme.render('print', pageContext(proceedings, {
          mode: 'print',
          inFolder: false,
          pages: pages && Object.fromEntries(pages),
          part: {...piece, local: new Set(piece.anchors), pageOffset: offsets[index]!, crossLinkPrefix}
        }))
        const path = `/print-${index}.html`
        const pdf = await loadPdf(await printer.print(new Map([...served, [path, {path, contents: html}]]), path))
        return {pdf, destinations: readDestinations(pdf)}
      })
      const counts = printed.map(({pdf}) => pdf.getPageCount())
      const nextOffsets = counts.map((_, index) => counts.slice(0, index).reduce((sum, count) => sum + count, 0))
      const found = new Map<string, number>()
      printed.forEach(({destinations}, index) => {
        for (const [anchor, destination] of destinations) found.set(anchor, destination.page + nextOffsets[index]!)
      })
      const settled = pages !== undefined && samePages(pages, found) && nextOffsets.every((offset, index) => offset === offsets[index])
      if (settled || pass === maxPasses) {
        const merged = await mergePieces(printed.map(({pdf}) => pdf))
        writeOutline(merged, buildOutline(proceedings), readDestinations(merged))
        const starts = proceedings.sessions.map(({session, anchor}) => ({id: session.id, first: found.get(anchor) ?? 0}))
        const end = found.get('indexes') ?? merged.getPageCount() + 1
        return {
          file: {path: 'proceedings.pdf', contents: await finishPdf(merged, proceedings)},
          pages: merged.getPageCount(),
          passes: pass,
          sessions: starts.map((start, index) => ({...start, last: (starts[index + 1]?.first ?? end) - 1}))
        }
      }
      pages = found
      offsets = nextOffsets
    }
  } finally {
    await Promise.all(printers.map((printer) => printer.close()))
  }
}

function splitIntoPieces(proceedings: Proceedings): Piece[] {
  const front = ['contents-title', ...(proceedings.forum.foreword.atRoot ? ['foreword-title'] : [])]
  return [
    {front: true, sessions: [], indexes: false, anchors: front},
    ...proceedings.sessions.map((session) => ({
      front: false,
      sessions: [session],
      indexes: false,
      anchors: [session.anchor, ...session.groups.flatMap((group) => [group.anchor,
        ...group.entries.filter((entry) => entry.full).map((entry) => entry.contribution.anchor)])]
    })),
    {front: false, sessions: [], indexes: true, anchors: ['indexes', 'speakers-title', 'countries-title']}
  ]
}

/** Runs the work of each item on the first free printer, keeping results in item order. */
async function inPool<T, R>(printers: Printer[], items: T[], work: (printer: Printer, item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  await Promise.all(printers.map(async (printer) => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(printer, items[index]!, index)
    }
  }))
  return results
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

  async print(served: Map<string, OutputFile>, path: string): Promise<Uint8Array> {
    let firstFailure: unknown
    for (let attempt = 1; attempt <= 2; attempt++) {
      this.options.signal?.throwIfAborted()
      try {
        this.launched ??= await launchBrowser(this.options.browser)
        return await withWatchdog(this.launched, this.options.timeoutMs, () => printPage(this.launched!, served, path))
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

async function printPage(launched: LaunchedBrowser, served: Map<string, OutputFile>, path: string): Promise<Uint8Array> {
  const page = await launched.browser.newPage()
  try {
    await page.setJavaScriptEnabled(false)
    await page.setRequestInterception(true)
    page.on('request', (request) => {
      void answer(request, served)
    })
    const response = await page.goto(`${origin}${path}`, {waitUntil: 'load', timeout: 0})
    if (!response?.ok()) throw new Error(`the print page did not load (${response?.status() ?? 'no response'})`)
    return await page.pdf({preferCSSPageSize: true, printBackground: true, tagged: true, timeout: 0})
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

function samePages(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false
  for (const [anchor, page] of a) if (b.get(anchor) !== page) return false
  return true
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

function contentType(file: string): string {
  const extension = file.slice(file.lastIndexOf('.') + 1).toLowerCase()
  const types: Record<string, string> = {
    html: 'text/html; charset=utf-8',
    css: 'text/css; charset=utf-8',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    svg: 'image/svg+xml',
    webp: 'image/webp',
    woff2: 'font/woff2',
    woff: 'font/woff'
  }
  return types[extension] ?? 'application/octet-stream'
}
