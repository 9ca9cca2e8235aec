import {rm, stat} from 'node:fs/promises'
import path from 'node:path'
import {createHash} from 'node:crypto'
import {derivationOf} from '../model/editions.js'
import {displayPath} from '../util/display-path.js'
import type {VFile} from '../content/content-file.js'
import type {Proceedings} from '../model/types.js'
import {besideOutput, writeOutput} from '../output/write-output.js'
import {renderManifest} from '../render/json/render-manifest.js'
import {renderSitemap} from '../render/html/render-sitemap.js'
import type {OutputFile} from '../util/output-file.js'
import {ChangedFileError} from '../util/read-regular-file.js'
import {ExitCode, UserError} from '../errors.js'
import type {PrintedPdf} from '../render/pdf/render-pdf.js'
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
import {renderEdition, type RenderedEdition} from './build-edition.js'
import {makeFolder} from '../util/make-folder.js'
import {installedVersion} from '../util/installed-version.js'
import {keepHyphenationIn} from '../render/theme/helpers.js'

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
  /**
   * Each edition, with the contributions it shows in another language than its own (no translation
   * into it) and those whose translation is out of date, by source.
   */
  editions: {language: string; pdf: string | undefined; untranslated: string[]; outOfDate: string[]}[]
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
  const files: OutputFile[] = []
  const printed: (PrintedPdf | undefined)[] = []
  // Each edition's PDF is written beside the output folder, on the same disk, and moved in with the rest.
  const pdfFiles = loaded.editions.map(() => besideOutput(outDir, 'pdf'))
  // And the folders its contributions' and sessions' own PDFs are cut into.
  const partsFolders = loaded.editions.map(() => besideOutput(outDir, 'pdf'))
  const rendered: RenderedEdition[] = []
  // The print pages' hyphenated texts, kept between builds: most of what a PDF build does when no piece changed.
  const hyphenation = browser && cacheRoot !== undefined ? await openHyphenation(cacheRoot) : undefined
  keepHyphenationIn(hyphenation)
  try {
    if (browser) await makeFolder(path.dirname(outDir))
    for (const [index, current] of loaded.editions.entries()) {
      const edition = await renderEdition(current, {
        theme,
        html: wants('html'),
        browser,
        pages,
        cacheRoot,
        pdfFile: pdfFiles[index]!,
        partsFolder: partsFolders[index]!,
        printTimeoutMs: options.printTimeoutMs ?? 5 * 60_000,
        jobs: options.jobs,
        signal: options.signal,
        onProgress
      })
      rendered.push(edition)
      files.push(...edition.files)
      printed.push(edition.printed)
    }
    if (wants('html') && proceedings.forum.url)
      files.push(
        renderSitemap(
          proceedings.forum.url,
          files
            .filter((file) => file.path.endsWith('.html') && !/(?:^|\/)pagefind\//.test(file.path))
            .map((file) => file.path)
        )
      )
    await pages?.finish().catch(() => undefined)
    await hyphenation?.finish().catch(() => undefined)
    if (wants('json'))
      files.push(
        await stage(
          onProgress,
          'json',
          () =>
            renderManifest(proceedings, {
              pages: rendered[0]?.pages,
              site: wants('html'),
              pdfs: rendered[0]?.parts !== undefined
            }),
          () => 'proceedings.json'
        )
      )

    options.signal?.throwIfAborted()
    await stage(
      onProgress,
      'write',
      () =>
        writeOutput(outDir, files, {
          signal: options.signal,
          record: cacheRoot && path.join(cacheRoot, 'written.json')
        }),
      () => displayPath(outDir)
    )
  } catch (error) {
    throw asContentError(error)
  } finally {
    keepHyphenationIn(undefined)
    // Moved into the output, or left by a failure: never left behind.
    await Promise.all(pdfFiles.map((file) => rm(file, {force: true})))
    await Promise.all(partsFolders.map((folder) => rm(folder, {recursive: true, force: true})))
    await Promise.all(printed.map((pdf) => pdf?.release()))
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
  result.summary = summarize(loaded.editions, printed)
  result.summary.largePdfs = rendered.flatMap((edition) => edition.parts?.large ?? [])
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
  return new PageCache(path.join(cacheDir, 'pages'), context, (contribution) => {
    const derived = derivationOf(contribution)
    if (!derived) return buildCache.keyOf(contribution)
    // An edition's contribution: keyed on its original, its translations and the edition's language.
    const keys = [derived.original, ...derived.translations].map((value) => buildCache.keyOf(value))
    if (keys.some((key) => key === undefined)) return undefined
    return createHash('sha256')
      .update([derived.language, ...keys].join('\u0000'))
      .digest('base64url')
  })
}

/** Hyphenated texts are keyed by the code that hyphenates and the version of its patterns. */
async function openHyphenation(cacheRoot: string) {
  const {HyphenationStore} = await import('../render/theme/hyphenation-store.js')
  const context = `${await codeVersion(['render'])}\u0000${installedVersion('hyphen')}`
  return HyphenationStore.open(path.join(cacheRoot, 'hyphenation.json'), context)
}

function summarize(editions: Proceedings[], printedPdfs: (PrintedPdf | undefined)[]): BuildSummary {
  const proceedings = editions[0]!
  const printed = printedPdfs[0]
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
    editions: editions.map((edition, index) => {
      const shown = edition.sessions.flatMap((session) => session.contributions)
      return {
        language: edition.edition.language,
        pdf: printedPdfs[index] && edition.edition.pdf,
        untranslated: shown
          .filter((contribution) => contribution.language !== edition.edition.language)
          .map((contribution) => contribution.source),
        outOfDate: shown
          .filter((contribution) => contribution.translation?.outOfDate)
          .map((contribution) => contribution.translation!.source)
      }
    }),
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

/** An image changed since it was checked is a problem of the content, not of the tool. */
export function asContentError(error: unknown): unknown {
  if (!(error instanceof ChangedFileError)) return error
  return new UserError(error.message, {
    exitCode: ExitCode.content,
    hint: 'Build again once the content folder has stopped changing.',
    cause: error
  })
}
