import {readFile} from 'node:fs/promises'
import type {HTTPRequest} from 'puppeteer-core'
import {launchBrowser} from '../../browser/launch-browser.js'
import type {FoundBrowser} from '../../browser/find-browser.js'
import {ExitCode, UserError} from '../../errors.js'
import type {Proceedings} from '../../model/types.js'
import type {OutputFile} from '../output-file.js'
import {pageContext} from '../page-context.js'
import type {Theme} from '../theme/load-theme.js'

/** The print page is loaded from this origin, which only serves the build's own files. */
const origin = 'https://proceedings.invalid'
const printTimeout = 10 * 60_000

export interface PdfOptions {
  browser: FoundBrowser
  /** The site's files: the print page may use its stylesheets and images. */
  siteFiles: OutputFile[]
}

/**
 * Prints the proceedings: the `print` template rendered to one HTML page,
 * loaded in Chromium with scripts off and every request outside the build's
 * own files aborted, then printed with bookmarks and tags.
 */
export async function renderPdf(proceedings: Proceedings, theme: Theme, options: PdfOptions): Promise<OutputFile> {
  const printHtml = theme.render('print', pageContext(proceedings, {mode: 'print', inFolder: false}))
  const served = new Map<string, OutputFile>(options.siteFiles.map((file) => [`/${file.path}`, file]))
  served.set('/print.html', {path: 'print.html', contents: printHtml})

  const launched = await launchBrowser(options.browser)
  try {
    const page = await launched.browser.newPage()
    await page.setJavaScriptEnabled(false)
    await page.setRequestInterception(true)
    page.on('request', (request) => {
      void answer(request, served)
    })
    const response = await page.goto(`${origin}/print.html`, {waitUntil: 'load', timeout: printTimeout})
    if (!response?.ok()) throw new Error(`the print page did not load (${response?.status() ?? 'no response'})`)
    const pdf = await page.pdf({
      preferCSSPageSize: true,
      printBackground: true,
      outline: true,
      tagged: true,
      timeout: printTimeout
    })
    return {path: 'proceedings.pdf', contents: pdf}
  } catch (error) {
    if (error instanceof UserError) throw error
    throw new UserError(`PDF printing failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, {
      exitCode: ExitCode.environment,
      hint: 'Build with `--format html,json` to skip the PDF, or try another browser with `--chrome <path>`.',
      cause: error
    })
  } finally {
    await launched.close()
  }
}

async function answer(request: HTTPRequest, served: Map<string, OutputFile>) {
  const url = new URL(request.url())
  const file = url.origin === origin ? served.get(decodeURIComponent(url.pathname)) : undefined
  if (!file || request.method() !== 'GET') {
    await request.abort('blockedbyclient')
    return
  }
  const body = 'copyFrom' in file ? await readFile(file.copyFrom) : file.contents
  await request.respond({status: 200, contentType: contentType(file.path), body: typeof body === 'string' ? Buffer.from(body) : Buffer.from(body)})
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
