import path from 'node:path'
import type {Proceedings} from '../model/types.js'
import type {PrintedPdf} from '../render/pdf/render-pdf.js'
import type {PartOptions, PartPdfs} from '../render/pdf/render-part-pdfs.js'
import type {PageLabels, PrintedPiece} from '../render/pdf/piece-cache.js'
import type {Piece} from '../render/pdf/pieces.js'
import type {Theme} from '../render/theme/load-theme.js'
import type {OutputFile} from '../util/output-file.js'
import {count} from '../util/count.js'
import type {EditionSettings} from './build-edition.js'
import {stage} from './progress.js'

/** The prints of the sessions' pieces, and their page numbers: what their parts are cut from. */
interface SessionPrints {
  pieces: {piece: Piece; printed: PrintedPiece}[]
  labels: PageLabels
}

/**
 * Prints the volume, and cuts the contributions' and sessions' own PDFs out
 * of its pieces. The cutting starts as soon as every session has its print,
 * in threads of a lower priority: the indexes, the front matter and the
 * contents, printed last, and the merge of the volume, keep one core busy at
 * most. A session printed again after the cutting began (its numbers moved,
 * with a theme of the forum's own) has its parts cut again, once the
 * printing is done, from its last print.
 */
export async function printVolume(
  proceedings: Proceedings,
  theme: Theme,
  site: OutputFile[],
  settings: EditionSettings,
  report: {named: (detail: string) => string; onPrinted: () => void}
): Promise<{printed: PrintedPdf; parts: PartPdfs}> {
  const {onProgress} = settings
  const {named} = report
  const stop = new AbortController()
  const partOptions: PartOptions = {
    browser: settings.browser!,
    timeoutMs: settings.printTimeoutMs,
    concurrency: settings.jobs,
    cacheDir:
      settings.cacheRoot === undefined
        ? undefined
        : path.join(settings.cacheRoot, 'parts', proceedings.edition.language),
    folder: settings.partsFolder,
    signal: settings.signal ? AbortSignal.any([settings.signal, stop.signal]) : stop.signal
  }
  const {renderPartPdfs} = await import('../render/pdf/render-part-pdfs.js')
  let started: number | undefined
  const cut = (prints: SessionPrints) => {
    if (started === undefined) {
      started = performance.now()
      onProgress?.({type: 'start', stage: 'parts'})
    }
    const parts = renderPartPdfs(proceedings, prints, partOptions)
    // A failure is met where the parts are awaited.
    parts.catch(() => undefined)
    return {prints, parts}
  }
  let early: ReturnType<typeof cut> | undefined
  const {renderPdf} = await import('../render/pdf/render-pdf.js')
  let printed: PrintedPdf
  try {
    printed = await stage(
      onProgress,
      'pdf',
      () =>
        renderPdf(proceedings, theme, {
          browser: settings.browser!,
          siteFiles: site,
          timeoutMs: settings.printTimeoutMs,
          concurrency: settings.jobs,
          cacheDir: settings.cacheRoot === undefined ? undefined : path.join(settings.cacheRoot, 'pdf'),
          writeTo: settings.pdfFile,
          signal: settings.signal,
          onPiece: (done, total, detail) =>
            onProgress?.({type: 'advance', stage: 'pdf', done, total, detail}),
          onSessionsPrinted: (pieces, labels) => {
            early = cut({pieces, labels})
          }
        }),
      (pdf) =>
        named(
          `${pdf.pages} pages; ${count(pdf.printed, 'piece')} printed in ${count(pdf.rounds, 'round')}, ${pdf.reused} from the cache${pdf.drawn ? `, numbers drawn into ${count(pdf.drawn, 'piece')}` : ''}${pdf.rewritten ? `, ${count(pdf.rewritten, 'print')} rewritten by pdf-lib to be read` : ''}`
        )
    )
  } catch (error) {
    // The cutting stops with the printing: its threads and browsers are closed before the error goes on.
    stop.abort(error)
    await early?.parts.catch(() => undefined)
    throw error
  }
  const printedAt = performance.now()
  report.onPrinted()
  const sessions = printed.pieces.filter(({piece}) => !piece.front && !piece.indexes)
  const current =
    early !== undefined &&
    early.prints.pieces.length === sessions.length &&
    early.prints.pieces.every(({printed: print}, index) => print.digest === sessions[index]!.printed.digest)
  // The parts cut early are of the sessions' last prints, or they are all cut again from those.
  if (!current) await early?.parts.catch(() => undefined)
  const parts = await (current ? early! : cut(printed)).parts
  const after = Math.max(0, performance.now() - printedAt)
  onProgress?.({
    type: 'done',
    stage: 'parts',
    ms: performance.now() - started!,
    detail: named(
      `${count(parts.files.length, 'PDF')} of contributions and sessions, ${parts.written} made, ${parts.reused} from the cache; done ${(after / 1000).toFixed(1)} s after the printing`
    )
  })
  return {printed, parts}
}
