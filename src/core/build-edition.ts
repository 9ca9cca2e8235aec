import path from 'node:path'
import type {FoundBrowser} from '../browser/find-browser.js'
import type {Proceedings} from '../model/types.js'
import {renderSite, type KeptPages} from '../render/html/render-site.js'
import type {PrintedPdf} from '../render/pdf/render-pdf.js'
import type {PartPdfs} from '../render/pdf/render-part-pdfs.js'
import type {PageRange} from '../render/cite/csl-items.js'
import type {Theme} from '../render/theme/load-theme.js'
import type {OutputFile} from '../util/output-file.js'
import {codeVersion} from './code-version.js'
import {stage, type ProgressListener} from './progress.js'
import {printVolume} from './print-volume.js'
import {SearchRun} from './search-run.js'
import {count} from '../util/count.js'

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
  /** Where its contributions' and sessions' own PDFs are cut into before they are moved into the output. */
  partsFolder: string
  printTimeoutMs: number
  jobs: number | undefined
  signal: AbortSignal | undefined
  onProgress: ProgressListener | undefined
}

export interface RenderedEdition {
  /** Its files, with their paths in the output folder (under `<lang>/` for an edition but the first). */
  files: OutputFile[]
  printed: PrintedPdf | undefined
  /** The contributions' and sessions' own PDFs, cut from the printed volume. */
  parts: PartPdfs | undefined
  /** The pages of each contribution in the volume: exactly, as its own PDF found them, when it has one. */
  pages: ReadonlyMap<string, PageRange> | undefined
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
  // The search index is made by Pagefind's own process: it runs while this one renders the pages, or, with a PDF,
  // while it cuts the PDFs of contributions, which keeps one core busy (the printing keeps both busy).
  const searching = settings.html
    ? new SearchRun(
        proceedings,
        onProgress,
        named,
        settings.cacheRoot === undefined ? undefined : path.join(settings.cacheRoot, 'search')
      )
    : undefined
  if (!settings.browser) searching?.start()
  try {
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
    if (settings.html) files.push(...site)
    let printed: PrintedPdf | undefined
    let parts: PartPdfs | undefined
    if (settings.browser) {
      const volume = await printVolume(proceedings, theme, site, settings, {
        named,
        onPrinted: () => searching?.start()
      })
      printed = volume.printed
      parts = volume.parts
    }
    // A contribution's own PDF gives its pages exactly, from its first line to its last.
    const contributionPages = parts
      ? withExactPages(printed!.contributions, parts.pages)
      : printed?.contributions
    // Pages showing where each contribution stands in the volume come after the PDF: it tells.
    if (settings.html) {
      const {citations, renderCitationFiles} = await import('../render/cite/render-citations.js')
      const {renderLandingPages} = await import('../render/html/render-landing-pages.js')
      const {CitationStore} = await import('../render/cite/citation-store.js')
      const store = await CitationStore.open(
        settings.cacheRoot && path.join(settings.cacheRoot, 'citations.json'),
        await codeVersion(['render'])
      )
      const cited = await citations(proceedings, store, contributionPages)
      const landingHitsBefore = pages?.hits ?? 0
      const landing = await stage(
        onProgress,
        'pages',
        () =>
          renderLandingPages(
            proceedings,
            theme,
            {citations: cited, pages: contributionPages, pdf: parts !== undefined},
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
    if (searching) files.push(...(await searching.finished()))
    const placed = files.map((file) => ({...file, path: edition.folder + file.path}))
    if (printed) placed.push({...printed.file, path: edition.pdf})
    for (const file of parts?.files ?? []) placed.push({...file, path: edition.folder + file.path})
    return {files: placed, printed, parts, pages: contributionPages}
  } finally {
    await searching?.close()
  }
}

/** The pages of each contribution, as its own PDF found them where it has one. */
function withExactPages(
  volume: ReadonlyMap<string, PageRange>,
  exact: ReadonlyMap<string, PageRange>
): Map<string, PageRange> {
  return new Map(
    [...volume].map(([anchor, range]) => {
      const found = exact.get(anchor)
      return [anchor, found ? {...found, sheet: range.sheet} : range]
    })
  )
}
