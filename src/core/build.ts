import {stat} from 'node:fs/promises'
import path from 'node:path'
import {requireBrowser} from '../browser/find-browser.js'
import type {VFile} from '../content/content-file.js'
import {writeOutput} from '../output/write-output.js'
import {renderSite} from '../render/html/render-site.js'
import {renderManifest} from '../render/json/render-manifest.js'
import type {OutputFile} from '../render/output-file.js'
import {renderPdf} from '../render/pdf/render-pdf.js'
import {loadTheme} from '../render/theme/load-theme.js'
import {hasBlockingMessages} from './diagnostics.js'
import {loadProceedings} from './load-proceedings.js'

export const formats = ['html', 'pdf', 'json'] as const
export type Format = (typeof formats)[number]

export interface BuildOptions {
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
}

export interface BuildResult {
  files: VFile[]
  /** Whether the output folder was written. */
  written: boolean
  outDir: string
  /** Files written, relative to the output folder, with their sizes. */
  outputs: {path: string; bytes: number}[]
  sessions: number
  contributions: number
}

/**
 * Builds the proceedings: load and check the content, then render each
 * requested format from the one grouped model and write the output folder
 * atomically. Content errors return with `written: false` and nothing on disk
 * changed; environment problems throw a UserError.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const outDir = path.resolve(options.outDir)
  const loaded = await loadProceedings(options.contentDir, {drafts: options.drafts})
  const result: BuildResult = {files: loaded.files, written: false, outDir, outputs: [], sessions: 0, contributions: 0}
  const proceedings = loaded.proceedings
  if (!proceedings || hasBlockingMessages(loaded.files, options.strict ?? false)) return result

  const wants = (format: Format) => options.formats.includes(format)
  const browser = wants('pdf') ? await requireBrowser(options.chrome) : undefined

  const overrides = [path.join(loaded.root, 'templates')]
  const theme = await loadTheme([
    ...((await isDirectory(overrides[0]!)) ? overrides : []),
    ...(options.templates ? [path.resolve(options.templates)] : [])
  ])

  const site = renderSite(proceedings, theme)
  const files: OutputFile[] = []
  if (wants('html')) files.push(...site)
  if (wants('json')) files.push(renderManifest(proceedings))
  if (browser) {
    files.push(await renderPdf(proceedings, theme, {
      browser,
      siteFiles: site,
      timeoutMs: options.printTimeoutMs ?? 5 * 60_000,
      signal: options.signal
    }))
  }

  options.signal?.throwIfAborted()
  await writeOutput(outDir, files, options.signal)
  result.written = true
  result.outputs = await Promise.all(files.map(async (file) => ({
    path: file.path,
    bytes: 'copyFrom' in file ? (await stat(file.copyFrom)).size : Buffer.byteLength(file.contents)
  })))
  result.sessions = proceedings.sessions.length
  result.contributions = proceedings.sessions.reduce((sum, session) => sum + session.contributions.length, 0)
  return result
}

async function isDirectory(dir: string) {
  return stat(dir).then((stats) => stats.isDirectory(), () => false)
}
