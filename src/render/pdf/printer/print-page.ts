import type {Page} from 'puppeteer-core'
import type {LaunchedBrowser} from '../../../browser/launch-browser.js'
import {answer, origin, type ServedPage} from './print-origin.js'

/** A piece's page left open after its measure, with the HTML it was loaded from. */
export class KeptPage {
  constructor(
    readonly html: string,
    readonly bytes: Uint8Array,
    readonly page: Page,
    readonly launched: LaunchedBrowser
  ) {}

  async close() {
    await this.page.close().catch(() => undefined)
  }
}

/** Pages as the print stylesheet sizes them, with their backgrounds; the watchdog, not puppeteer, times a print out. */
export const pdfOptions = {preferCSSPageSize: true, printBackground: true, timeout: 0}

/**
 * Loads a piece's print page in a new tab of the browser, from the print
 * origin, and prints it. A measured page is left open, to be printed again.
 */
export async function printPage(
  launched: LaunchedBrowser,
  served: ServedPage,
  tagged: boolean,
  measure: boolean
): Promise<{bytes: Uint8Array; open?: Page}> {
  const page = await launched.browser.newPage()
  let kept = false
  try {
    await page.setJavaScriptEnabled(false)
    await page.setRequestInterception(true)
    page.on('request', (request) => {
      void answer(request, served.files)
    })
    const response = await page.goto(`${origin}${served.path}`, {waitUntil: 'load', timeout: 0})
    if (!response?.ok())
      throw new Error(`the print page did not load (${response?.status() ?? 'no response'})`)
    // A measured page is printed with nothing in it painted, then kept open to be printed again.
    if (measure && !(await page.evaluate(setMeasuring, true))) throw new Error('the print page has no body')
    const bytes = await page.pdf({...pdfOptions, tagged})
    if (measure) await page.evaluate(setMeasuring, false)
    kept = measure
    return {bytes, open: measure ? page : undefined}
  } finally {
    if (!kept) await page.close().catch(() => undefined)
  }
}

/**
 * Hides everything in the page while it is measured, or shows it again (run by
 * the browser). Hidden boxes keep their size and place, so the page breaks and
 * the anchors' pages are those of the visible page; with nothing to paint,
 * Chromium prints a session about three times faster.
 */
function setMeasuring(measuring: boolean): boolean {
  const id = 'proceedings-measuring'
  if (!document.body) return false
  if (measuring) {
    const style = document.createElement('style')
    style.id = id
    style.textContent = 'body, body * { visibility: hidden !important; }'
    document.head.append(style)
  } else {
    document.getElementById(id)?.remove()
  }
  return true
}
