import {rm, stat} from 'node:fs/promises'
import path from 'node:path'
import {displayPath} from '../util/display-path.js'
import type {VFile} from '../content/content-file.js'
import type {Proceedings} from '../model/types.js'
import {besideOutput, writeOutput} from '../output/write-output.js'
import {renderSite} from '../render/html/render-site.js'
import {renderManifest} from '../render/json/render-manifest.js'
import {renderSitemap} from '../render/html/render-sitemap.js'
import type {OutputFile} from '../util/output-file.js'
import {ChangedFileError} from '../util/read-regular-file.js'
import {ExitCode, UserError} from '../errors.js'
import type {PrintedPdf} from '../render/pdf/render-pdf.js'
import type {PartOptions, PartPdfs} from '../render/pdf/render-part-pdfs.js'
import type {PageRange} from '../render/cite/csl-items.js'
import type {Theme} from '../render/theme/load-theme.js'
import {loadForumTheme} from '../render/theme/load-forum-theme.js'
import {hasBlockingMessages} from './diagnostics.js'
import {loadProceedings} from './load-proceedings.js'
import {claimCacheFolder} from './cache-folder.js'
import {BuildCache} from './build-cache.js'
import {codeVersion, parserVersion} from './code-version.js'
import {PageCache} from '../render/html/page-cache.js'
import type {Format} from './api-options.js'
import {stage, type ProgressListener} from './progress.js'
import {makeFolder} from '../util/make-folder.js'

export {formats, type Format} from './api-options.js'

/** What a build is given: the library's options once checked, with their defaults, or the CLI's flags. */
export interface BuildSettings {
  contentDir: string
  outDir: string
  formats: readonly Format[]
  drafts?: boolean
  /** Warnings block the build too. */
  strict?: boolean
  /** Chrome or Chromium executable for the PDF. */
  chrome?: string
  /** A folder of template overrides, applied after the content folder's `templates/`. */
  templates?: string
  /** A PDF print taking longer than this is taken for a hung browser (default 5 minutes). */
  printTimeoutMs?: number
  /** Stops the build; the output folder is then left as it was. */
  signal?: AbortSignal
  onProgress?: ProgressListener
  /** Where parsed files and printed pieces are kept between runs; false for none. */
  cacheDir: string | false
  /** Threads that parse and browsers that print at once (default: one per core, at most 4). */
  jobs?: number
}

export interface BuildSummary {
  sessions: number
  contributions: number
  /** Guiding questions (and main questions) no contribution answers, per session. */
  unanswered: {session: string; questions: (number | 'main')[]}[]
  pdf: Omit<PrintedPdf, 'file' | 'contributions' | 'labels' | 'pieces' | 'release'> | undefined
  /** PDFs of contributions and sessions larger than Google Scholar takes (5 MB). */
  largePdfs?: {path: string; bytes: number}[]
}

export interface BuildResult {
  files: VFile[]
  /** Whether the output folder was written. */
  written: boolean
  outDir: string
  /** Files written, relative to the output folder, with their sizes. */
  outputs: {path: string; bytes: number}[]
  summary: BuildSummary | undefined
}

/**
 * Builds the proceedings: load and check the content, then render each
 * requested format from the one grouped model and write the output folder
 * atomically. Content errors return with `written: false` and nothing on disk
 * changed; environment problems throw a UserError.
 */
export async function build(options: BuildSettings): Promise<BuildResult> {
  const {onProgress} = options
  const outDir = path.resolve(options.outDir)
  const cacheRoot = options.cacheDir === false ? undefined : path.resolve(options.cacheDir)
  if (cacheRoot !== undefined) await claimCacheFolder(cacheRoot)
  const buildCache =
    cacheRoot === undefined ? undefined : await BuildCache.open(cacheRoot, await parserVersion())
  const loaded = await loadProceedings(options.contentDir, {
    drafts: options.drafts,
    buildCache,
    jobs: options.jobs,
    onProgress,
    signal: options.signal
  })
  await buildCache?.save().catch(() => undefined)
  const result: BuildResult = {files: loaded.files, written: false, outDir, outputs: [], summary: undefined}
  const proceedings = loaded.proceedings
  if (!proceedings || hasBlockingMessages(loaded.files, options.strict ?? false)) return result

  const wants = (format: Format) => options.formats.includes(format)
  // The browser and the PDF modules load only for a PDF: an HTML build starts faster without them.
  const browser = wants('pdf')
    ? await (await import('../browser/find-browser.js')).requireBrowser(options.chrome)
    : undefined
  const theme = await loadForumTheme(loaded.root, options.templates)

  const pages =
    buildCache && theme.defaultTemplates ? await openPageCache(cacheRoot!, buildCache, theme) : undefined
  const site = await stage(
    onProgress,
    'html',
    () => renderSite(proceedings, theme, pages),
    (files) => `${files.length} files` + (pages?.hits ? `, ${pages.hits} unchanged` : '')
  )
  const files: OutputFile[] = []
  if (wants('html')) {
    files.push(...site)
    const {indexSearch, closeSearchIndexer} = await import('../render/html/index-search.js')
    try {
      files.push(
        ...(await stage(
          onProgress,
          'search',
          () => indexSearch(proceedings),
          (index) =>
            `${count(
              proceedings.sessions.reduce((sum, session) => sum + session.contributions.length, 0),
              'contribution'
            )} indexed, ${count(index.length, 'file')}`
        ))
      )
    } finally {
      await closeSearchIndexer()
    }
  }
  let printed: PrintedPdf | undefined
  let parts: PartPdfs | undefined
  // The PDF is written beside the output folder, on the same disk, and moved in with the rest.
  const pdfFile = besideOutput(outDir, 'pdf')
  const partsFolder = besideOutput(outDir, 'pdf')
  try {
    if (browser) {
      const {renderPdf} = await import('../render/pdf/render-pdf.js')
      await makeFolder(path.dirname(outDir))
      printed = await stage(
        onProgress,
        'pdf',
        () =>
          renderPdf(proceedings, theme, {
            browser,
            siteFiles: site,
            timeoutMs: options.printTimeoutMs ?? 5 * 60_000,
            concurrency: options.jobs,
            cacheDir: cacheRoot === undefined ? undefined : path.join(cacheRoot, 'pdf'),
            writeTo: pdfFile,
            signal: options.signal,
            onPiece: (done, total, detail) =>
              onProgress?.({type: 'advance', stage: 'pdf', done, total, detail})
          }),
        (pdf) =>
          `${pdf.pages} pages; ${count(pdf.printed, 'piece')} printed in ${count(pdf.rounds, 'round')}, ${pdf.reused} from the cache${pdf.drawn ? `, numbers drawn into ${count(pdf.drawn, 'piece')}` : ''}${pdf.rewritten ? `, ${count(pdf.rewritten, 'print')} rewritten by pdf-lib to be read` : ''}`
      )
      files.push(printed.file)
      parts = await renderParts(proceedings, printed, {
        browser: browser,
        timeoutMs: options.printTimeoutMs ?? 5 * 60_000,
        concurrency: options.jobs,
        cacheDir: cacheRoot === undefined ? undefined : path.join(cacheRoot, 'parts'),
        folder: partsFolder,
        signal: options.signal,
        onProgress
      })
      files.push(...parts.files)
    }
    // A contribution's own PDF gives its pages exactly, from its first line to its last.
    const contributionPages = parts
      ? withExactPages(printed!.contributions, parts.pages)
      : printed?.contributions
    // Pages showing where each contribution stands in the volume come after the PDF: it tells.
    if (wants('html')) {
      const {citations, renderCitationFiles} = await import('../render/cite/render-citations.js')
      const {renderLandingPages} = await import('../render/html/render-landing-pages.js')
      const {CitationStore} = await import('../render/cite/citation-store.js')
      const store = await CitationStore.open(
        cacheRoot && path.join(cacheRoot, 'citations.json'),
        await codeVersion(['render'])
      )
      const cited = await citations(proceedings, store, contributionPages)
      const hitsBefore = pages?.hits ?? 0
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
          `${count(landing.length, 'contribution page')}` +
          (pages && pages.hits > hitsBefore ? `, ${pages.hits - hitsBefore} unchanged` : '')
      )
      files.push(...landing, ...renderCitationFiles(cited))
      await store.finish().catch(() => undefined)
      if (proceedings.forum.url)
        files.push(
          renderSitemap(
            proceedings.forum.url,
            files
              .filter((file) => file.path.endsWith('.html') && !file.path.startsWith('pagefind/'))
              .map((file) => file.path)
          )
        )
    }
    await pages?.finish().catch(() => undefined)
    if (wants('json'))
      files.push(
        await stage(
          onProgress,
          'json',
          () =>
            renderManifest(proceedings, {
              pages: contributionPages,
              site: wants('html'),
              pdfs: parts !== undefined
            }),
          () => 'proceedings.json'
        )
      )

    options.signal?.throwIfAborted()
    await stage(
      onProgress,
      'write',
      () => writeOutput(outDir, files, options.signal),
      () => displayPath(outDir)
    )
  } catch (error) {
    throw asContentError(error)
  } finally {
    // Moved into the output, or left by a failure: never left behind.
    await rm(pdfFile, {force: true})
    await rm(partsFolder, {recursive: true, force: true})
    await printed?.release()
  }
  result.written = true
  result.outputs = await Promise.all(
    files.map(async (file) => ({
      path: file.path,
      bytes:
        'contents' in file
          ? Buffer.byteLength(file.contents)
          : (await stat(path.join(outDir, file.path))).size
    }))
  )
  result.summary = summarize(proceedings, printed)
  result.summary.largePdfs = parts?.large ?? []
  return result
}

/**
 * Pages of the site kept on disk, keyed by what they show and by what renders them: the tool's code,
 * the templates, and Node's version and its ICU data, which sort titles and format dates.
 */
async function openPageCache(cacheDir: string, buildCache: BuildCache, theme: Theme): Promise<PageCache> {
  const context = [
    await codeVersion(['content', 'model', 'render']),
    theme.fingerprint,
    process.version,
    process.versions.icu
  ].join('\u0000')
  return new PageCache(path.join(cacheDir, 'pages'), context, (contribution) =>
    buildCache.keyOf(contribution)
  )
}

function summarize(proceedings: Proceedings, printed: PrintedPdf | undefined): BuildSummary {
  const unanswered = proceedings.sessions.flatMap(({session, groups}) => {
    const empty = groups
      .filter((group) => (group.kind === 'question' || group.kind === 'main') && group.entries.length === 0)
      .map((group) => (group.kind === 'main' ? ('main' as const) : group.question!.number))
    return empty.length ? [{session: session.id, questions: empty}] : []
  })
  return {
    sessions: proceedings.sessions.length,
    contributions: proceedings.sessions.reduce((sum, session) => sum + session.contributions.length, 0),
    unanswered,
    pdf: printed && {
      pages: printed.pages,
      rounds: printed.rounds,
      printed: printed.printed,
      reused: printed.reused,
      drawn: printed.drawn,
      rewritten: printed.rewritten,
      sessions: printed.sessions
    }
  }
}

/** The contributions' and sessions' own PDFs, cut from the volume's pieces once it is printed. */
async function renderParts(
  proceedings: Proceedings,
  printed: PrintedPdf,
  options: PartOptions & {onProgress?: ProgressListener}
): Promise<PartPdfs> {
  const {renderPartPdfs} = await import('../render/pdf/render-part-pdfs.js')
  return stage(
    options.onProgress,
    'parts',
    () => renderPartPdfs(proceedings, printed, options),
    (parts) =>
      `${count(parts.files.length, 'PDF')} of contributions and sessions, ${parts.written} made, ${parts.reused} from the cache`
  )
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

function count(n: number, noun: string) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

/** An image changed since it was checked is a problem of the content, not of the tool. */
export function asContentError(error: unknown): unknown {
  if (!(error instanceof ChangedFileError)) return error
  return new UserError(error.message, {
    exitCode: ExitCode.content,
    hint: 'Build again once the content folder has stopped changing.',
    cause: error
  })
}
