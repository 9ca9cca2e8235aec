import {readFile} from 'node:fs/promises'
import type {HTTPRequest} from 'puppeteer-core'
import {launchBrowser, type LaunchedBrowser} from '../../browser/launch-browser.js'
import type {FoundBrowser} from '../../browser/find-browser.js'
import {ExitCode, UserError} from '../../errors.js'
import type {Proceedings} from '../../model/types.js'
import type {OutputFile} from '../output-file.js'
import {pageContext} from '../page-context.js'
import type {Theme} from '../theme/load-theme.js'
import {finishPdf, loadPdf} from './finish-pdf.js'
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
  signal?: AbortSignal
}

/**
 * Prints the proceedings: the `print` template rendered to one HTML page,
 * loaded in Chromium with scripts off and every request outside the build's
 * own files aborted, then printed with bookmarks and tags. The page numbers
 * in the contents and indexes come from the previous print, so it prints
 * again until they no longer change.
 */
export interface PrintedPdf {
  file: OutputFile
  pages: number
  /** How many times the page was printed until its page numbers settled. */
  passes: number
  /** The first and last page of each session. */
  sessions: {id: string; first: number; last: number}[]
}

export async function renderPdf(proceedings: Proceedings, theme: Theme, options: PdfOptions): Promise<PrintedPdf> {
  const served = new Map<string, OutputFile>(options.siteFiles.map((file) => [`/${file.path}`, file]))
  const printer = new Printer(options)
  try {
    let pages: Map<string, number> | undefined
    for (let pass = 1; ; pass++) {
      const html = theme.render('print', pageContext(proceedings, {mode: 'print', inFolder: false, pages: pages && Object.fromEntries(pages)}))
      served.set('/print.html', {path: 'print.html', contents: html})
      const pdf = await loadPdf(await printer.print(served))
      const destinations = readDestinations(pdf)
      const found = new Map([...destinations].map(([anchor, destination]) => [anchor, destination.page]))
      if ((pages && samePages(pages, found)) || pass === maxPasses) {
        writeOutline(pdf, buildOutline(proceedings), destinations)
        const starts = proceedings.sessions.map(({session, anchor}) => ({id: session.id, first: found.get(anchor) ?? 0}))
        const end = found.get('indexes') ?? pdf.getPageCount() + 1
        return {
          file: {path: 'proceedings.pdf', contents: await finishPdf(pdf, proceedings)},
          pages: pdf.getPageCount(),
          passes: pass,
          sessions: starts.map((start, index) => ({...start, last: (starts[index + 1]?.first ?? end) - 1}))
        }
      }
      pages = found
    }
  } finally {
    await printer.close()
  }
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

  async print(served: Map<string, OutputFile>): Promise<Uint8Array> {
    let firstFailure: unknown
    for (let attempt = 1; attempt <= 2; attempt++) {
      this.options.signal?.throwIfAborted()
      try {
        this.launched ??= await launchBrowser(this.options.browser)
        return await withWatchdog(this.launched, this.options.timeoutMs, () => printPage(this.launched!, served))
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

async function printPage(launched: LaunchedBrowser, served: Map<string, OutputFile>): Promise<Uint8Array> {
  const page = await launched.browser.newPage()
  try {
    await page.setJavaScriptEnabled(false)
    await page.setRequestInterception(true)
    page.on('request', (request) => {
      void answer(request, served)
    })
    const response = await page.goto(`${origin}/print.html`, {waitUntil: 'load', timeout: 0})
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
