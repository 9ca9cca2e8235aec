import {readFile} from 'node:fs/promises'
import {fail, sourceOf, type VFile} from '../content/content-file.js'
import {placeOf} from '../content/parse-front-matter.js'
import type {Proceedings} from '../model/types.js'
import type {PageRange} from '../render/cite/csl-items.js'
import {renderCrossref} from '../render/crossref/render-crossref.js'
import {hasBlockingMessages} from './diagnostics.js'
import {buildTime, loadProceedings} from './load-proceedings.js'

export interface CrossrefExport {
  files: VFile[]
  /** The deposit, when the forum has what one needs. */
  xml: string | undefined
  /** Contributions deposited, and those left out for want of a DOI. */
  deposited: number
  withoutDoi: string[]
  /** Whether page ranges were found in the manifest of the last build. */
  withPages: boolean
}

/**
 * A Crossref deposit of the volume and of every contribution with a DOI.
 * Page ranges come from the `proceedings.json` of the last build with the
 * PDF, when given and found: the PDF alone knows them. What a deposit needs
 * and the forum lacks (`url`, `depositor`, the volume's `doi`) is an error on
 * forum.md, one per missing key, and a contribution DOI under another prefix
 * than the volume's an error on its file.
 */
export async function exportCrossref(
  contentDir: string,
  options: {manifest?: string; signal?: AbortSignal} = {}
): Promise<CrossrefExport> {
  const loaded = await loadProceedings(contentDir, {signal: options.signal})
  const result: CrossrefExport = {
    files: loaded.files,
    xml: undefined,
    deposited: 0,
    withoutDoi: [],
    withPages: false
  }
  const proceedings = loaded.proceedings
  if (!proceedings || hasBlockingMessages(loaded.files, false)) return result
  depositRequirements(proceedings, loaded.files)
  if (hasBlockingMessages(loaded.files, false)) return result
  const pages = options.manifest ? await manifestPages(options.manifest) : undefined
  const contributions = proceedings.sessions.flatMap((current) => current.contributions)
  result.deposited = contributions.filter((contribution) => contribution.doi).length
  result.withoutDoi = contributions.filter((contribution) => !contribution.doi).map(({id}) => id)
  result.withPages = pages !== undefined
  result.xml = renderCrossref(proceedings, {pages, at: buildTime()})
  return result
}

/** What a deposit needs of forum.md, and each contribution's DOI under the volume's prefix. */
function depositRequirements(proceedings: Proceedings, files: VFile[]) {
  const {forum} = proceedings
  const forumFile = files.find((file) => sourceOf(file) === 'forum.md')!
  const needs: [string, unknown, string][] = [
    [
      'url',
      forum.url,
      '`url: https://…/`, the address the site is published at: each DOI resolves to a page under it'
    ],
    [
      'depositor',
      forum.depositor,
      '`depositor:` with `name:` and `email:`, whom Crossref writes to about the deposit'
    ],
    ['doi', forum.doi, "`doi: 10.xxxx/…`, the volume's DOI, under your Crossref prefix"]
  ]
  for (const [key, value, what] of needs) {
    if (value !== undefined) continue
    fail(
      forumFile,
      `Missing \`${key}\` in forum.md, needed for a Crossref deposit`,
      'crossref-requirement',
      placeOf(forumFile, []),
      `Add ${what}.`
    )
  }
  const prefix = forum.doi?.split('/')[0]
  if (!prefix) return
  for (const current of proceedings.sessions) {
    for (const contribution of current.contributions) {
      if (!contribution.doi || contribution.doi.toLowerCase().startsWith(`${prefix.toLowerCase()}/`)) continue
      const file = files.find((each) => sourceOf(each) === contribution.source)
      if (!file) continue
      fail(
        file,
        `DOI \`${contribution.doi}\` is not under the volume's prefix \`${prefix}\``,
        'crossref-requirement',
        placeOf(file, ['doi']),
        `A deposit registers DOIs of one prefix: write \`doi: ${prefix}/…\`, or deposit this one apart.`
      )
    }
  }
}

/** The pages of each contribution in the manifest of a build with the PDF, or undefined when it has none. */
async function manifestPages(file: string): Promise<Map<string, PageRange> | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined)
  if (text === undefined) return undefined
  try {
    const manifest = JSON.parse(text) as {
      sessions?: {contributions?: {id?: unknown; pages?: {first?: unknown; last?: unknown} | null}[]}[]
    }
    const pages = new Map<string, PageRange>()
    for (const session of manifest.sessions ?? [])
      for (const {id, pages: range} of session.contributions ?? [])
        if (typeof id === 'string' && typeof range?.first === 'number' && typeof range.last === 'number')
          pages.set(id, {first: String(range.first), last: String(range.last)})
    return pages.size ? pages : undefined
  } catch {
    return undefined
  }
}
