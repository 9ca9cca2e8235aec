import path from 'node:path'
import type {FoundBrowser} from '../browser/find-browser.js'
import type {Proceedings} from '../model/types.js'
import {renderSite, type KeptPages} from '../render/html/render-site.js'
import type {PrintedPdf} from '../render/pdf/render-pdf.js'
import type {Theme} from '../render/theme/load-theme.js'
import type {OutputFile} from '../util/output-file.js'
import {codeVersion} from './code-version.js'
import {stage, type ProgressListener} from './progress.js'

/** What every edition of one build shares. */
export interface EditionSettings {
  theme: Theme
  html: boolean
  /** The browser, for a PDF. */
  browser: FoundBrowser | undefined
  pages: (KeptPages & {hits: number}) | undefined
  cacheRoot: string | undefined
  /** Where this edition's PDF is written before it is moved into the output. */
  pdfFile: string
  printTimeoutMs: number
  jobs: number | undefined
  signal: AbortSignal | undefined
  onProgress: ProgressListener | undefined
}

export interface RenderedEdition {
  /** Its files, with their paths in the output folder (under `<lang>/` for an edition but the first). */
  files: OutputFile[]
  printed: PrintedPdf | undefined
}

/**
 * Renders one edition: its site (pages, search index, contribution pages and
 * citation files) and its PDF. A forum of one edition is rendered as before
 * editions existed; the stages of the others are named after their language.
 */
export async function renderEdition(
  proceedings: Proceedings,
  settings: EditionSettings
): Promise<RenderedEdition> {
  const {theme, pages, onProgress} = settings
  const {edition, editions} = proceedings
  const named = (detail: string) => (editions.length > 1 ? `${edition.language}: ${detail}` : detail)
  // Pages kept from the last build, counted for this edition alone.
  const hitsBefore = pages?.hits ?? 0
  const site = await stage(
    onProgress,
    'html',
    () => renderSite(proceedings, theme, pages),
    (files) =>
      named(
        `${files.length} files` +
          (pages && pages.hits > hitsBefore ? `, ${pages.hits - hitsBefore} unchanged` : '')
      )
  )
  const files: OutputFile[] = []
  if (settings.html) {
    files.push(...site)
    const {indexSearch, closeSearchIndexer} = await import('../render/html/index-search.js')
    try {
      files.push(
        ...(await stage(
          onProgress,
          'search',
          () => indexSearch(proceedings),
          (index) =>
            named(
              `${count(
                proceedings.sessions.reduce((sum, session) => sum + session.contributions.length, 0),
                'contribution'
              )} indexed, ${count(index.length, 'file')}`
            )
        ))
      )
    } finally {
      await closeSearchIndexer()
    }
  }
  let printed: PrintedPdf | undefined
  if (settings.browser) {
    const {renderPdf} = await import('../render/pdf/render-pdf.js')
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
          onPiece: (done, total, detail) => onProgress?.({type: 'advance', stage: 'pdf', done, total, detail})
        }),
      (pdf) =>
        named(
          `${pdf.pages} pages; ${count(pdf.printed, 'piece')} printed in ${count(pdf.rounds, 'round')}, ${pdf.reused} from the cache${pdf.drawn ? `, numbers drawn into ${count(pdf.drawn, 'piece')}` : ''}${pdf.rewritten ? `, ${count(pdf.rewritten, 'print')} rewritten by pdf-lib to be read` : ''}`
        )
    )
  }
  // Pages showing where each contribution stands in the volume come after the PDF: it tells.
  if (settings.html) {
    const {citations, renderCitationFiles} = await import('../render/cite/render-citations.js')
    const {renderLandingPages} = await import('../render/html/render-landing-pages.js')
    const {CitationStore} = await import('../render/cite/citation-store.js')
    const store = await CitationStore.open(
      settings.cacheRoot && path.join(settings.cacheRoot, 'citations.json'),
      await codeVersion(['render'])
    )
    const cited = await citations(proceedings, store, printed?.contributions)
    const landingHitsBefore = pages?.hits ?? 0
    const landing = await stage(
      onProgress,
      'pages',
      () =>
        renderLandingPages(
          proceedings,
          theme,
          {citations: cited, pages: printed?.contributions, pdf: false},
          pages
        ),
      (landing) =>
        named(
          `${count(landing.length, 'contribution page')}` +
            (pages && pages.hits > landingHitsBefore ? `, ${pages.hits - landingHitsBefore} unchanged` : '')
        )
    )
    files.push(...landing, ...renderCitationFiles(cited))
    await store.finish().catch(() => undefined)
  }
  const placed = files.map((file) => ({...file, path: edition.folder + file.path}))
  if (printed) placed.push({...printed.file, path: edition.pdf})
  return {files: placed, printed}
}

export function count(n: number, noun: string) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
