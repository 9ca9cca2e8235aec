import type {Page} from 'puppeteer-core'
import {launchBrowser, type LaunchedBrowser} from '../../../browser/launch-browser.js'
import type {FoundBrowser} from '../../../browser/find-browser.js'
import {ExitCode, UserError} from '../../../errors.js'
import {applyNumberPatch, type NumberPatch} from '../fill-open-page.js'
import type {ServedPage} from './print-origin.js'
import {KeptPage, pdfOptions, printPage} from './print-page.js'
import {isGone, withWatchdog} from './watchdog.js'

export interface PrinterOptions {
  browser: FoundBrowser
  /** A print that takes longer is taken for a hung browser. */
  timeoutMs: number
  signal?: AbortSignal
}

/**
 * One browser for all the rounds. A browser that crashes or hangs is killed
 * and replaced, and the print tried once more; a second failure is an error.
 */
export class Printer {
  private launched: LaunchedBrowser | undefined
  private readonly stop = () => void this.launched?.close({kill: true})

  constructor(private readonly options: PrinterOptions) {
    options.signal?.addEventListener('abort', this.stop, {once: true})
  }

  /** Prints a page afresh. */
  async print(page: ServedPage, tagged: boolean): Promise<Uint8Array> {
    const {bytes} = await this.attempt(page, tagged, false)
    return bytes
  }

  /** Measures a page (printed untagged, with nothing painted) and keeps it open, to print again with its page numbers filled in. */
  async measure(page: ServedPage): Promise<KeptPage> {
    const {bytes, open, launched} = await this.attempt(page, false, true)
    return new KeptPage(page.html, bytes, open!, launched)
  }

  /**
   * Fills the numbers into a kept page and prints it tagged, closing it. Undefined
   * when the page cannot be patched or its browser failed: the caller prints afresh.
   */
  async reprint(kept: KeptPage, patch: NumberPatch): Promise<Uint8Array | undefined> {
    if (kept.launched !== this.launched) {
      await kept.close()
      return undefined
    }
    try {
      return await withWatchdog(kept.launched, this.options.timeoutMs, async () => {
        const patched = await kept.page.evaluate(applyNumberPatch, patch.offsetStyle, patch.labels)
        return patched ? await kept.page.pdf({...pdfOptions, tagged: true}) : undefined
      })
    } catch {
      this.options.signal?.throwIfAborted()
      // A crash or a hang: the next print starts a new browser.
      await this.launched?.close({kill: true})
      this.launched = undefined
      return undefined
    } finally {
      await kept.close()
    }
  }

  private async attempt(
    served: ServedPage,
    tagged: boolean,
    measure: boolean
  ): Promise<{bytes: Uint8Array; open?: Page; launched: LaunchedBrowser}> {
    let firstFailure: unknown
    for (let attempt = 1; attempt <= 2; attempt++) {
      this.options.signal?.throwIfAborted()
      try {
        this.launched ??= await launchBrowser(this.options.browser)
        // Stopped while the browser was starting: the abort found nothing to kill yet.
        this.options.signal?.throwIfAborted()
        const launched = this.launched
        return {
          ...(await withWatchdog(launched, this.options.timeoutMs, () =>
            printPage(launched, served, tagged, measure)
          )),
          launched
        }
      } catch (error) {
        this.options.signal?.throwIfAborted()
        // A browser gone in the middle of a step fails it with whatever the step was waiting for ("Connection closed."):
        // that it closed is what the user needs to know.
        firstFailure ??=
          this.launched && isGone(this.launched)
            ? new Error('the browser closed unexpectedly', {cause: error})
            : error
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

function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error)
}
