import type {Proceedings} from '../model/types.js'
import type {CitationStore} from '../render/cite/citation-store.js'
import {landingPath} from '../render/cite/csl-items.js'
import {citations, contributionCitationFiles, volumeCitationFiles} from '../render/cite/render-citations.js'
import {landingsOf, renderLandingPage, type Landing} from '../render/html/render-landing-pages.js'
import {renderSite, SiteMemo} from '../render/html/render-site.js'
import {renderManifest} from '../render/json/render-manifest.js'
import type {Theme} from '../render/theme/load-theme.js'
import {fileContents, type OutputFile} from '../util/output-file.js'

/**
 * A file of the preview: one the rebuild made, or one made when it is first
 * asked for and then kept until the next rebuild (a rebuild makes another).
 */
export type ServedFile = OutputFile | {path: string; make: () => Promise<string | Uint8Array>}

/**
 * The files `serve` shows: every edition's site, each under its folder, with
 * its contribution pages and citation files as `build` writes them, and the
 * manifest. A rebuild renders only the pages a reload shows at once (the
 * overview and session pages); the contribution pages, the citation files and
 * the manifest are made when asked for. Pages are kept between rebuilds in one
 * memo per edition (their pages have the same names); the citations in the store.
 */
export function renderEditions(
  editions: Proceedings[],
  theme: Theme,
  memos: Map<string, SiteMemo>,
  store: CitationStore
): ServedFile[] {
  const files: ServedFile[] = []
  for (const edition of editions) {
    let kept = memos.get(edition.edition.language)
    if (!kept) memos.set(edition.edition.language, (kept = new SiteMemo()))
    const pages = [...renderSite(edition, theme, kept), ...citable(edition, theme, kept, store)]
    files.push(...pages.map((file) => ({...file, path: edition.edition.folder + file.path})))
  }
  const [first] = editions
  if (first) files.push({path: 'proceedings.json', make: once(() => fileContents(renderManifest(first)))})
  return files
}

/** Each contribution's page and citation files, and the volume's citation files, made when first asked for. */
function citable(edition: Proceedings, theme: Theme, kept: SiteMemo, store: CitationStore): ServedFile[] {
  const volume = once(async () => volumeCitationFiles(await citations(edition, store)))
  const files: ServedFile[] = ['proceedings.bib', 'proceedings.ris', 'proceedings.csl.json'].map((path) => ({
    path,
    make: once(async () => pick(await volume(), path))
  }))
  for (const landing of landingsOf(edition)) {
    const own = once(() => citations(edition, store, undefined, new Set([landing.contribution])))
    const page = once(() => landingPage(edition, theme, landing, kept, own))
    const cites = once(async () => {
      const cited = await own()
      return contributionCitationFiles(cited, cited.items.get(landing.contribution.id)!)
    })
    files.push(
      {path: landingPath(landing.contribution), make: page},
      ...['bib', 'ris', 'csl.json'].map((extension) => {
        const path = landingPath(landing.contribution, extension)
        return {path, make: once(async () => pick(await cites(), path))}
      })
    )
  }
  return files
}

async function landingPage(
  edition: Proceedings,
  theme: Theme,
  landing: Landing,
  kept: SiteMemo,
  own: () => ReturnType<typeof citations>
) {
  const cited = await own()
  await cited.prepare([cited.items.get(landing.contribution.id)!])
  return renderLandingPage(edition, theme, landing, {citations: cited, pdf: false}, kept)
}

/** The contents of the file of `files` at `path`. */
function pick(files: OutputFile[], path: string): Promise<string | Uint8Array> {
  const file = files.find((candidate) => candidate.path === path)
  if (!file) throw new Error(`No file ${path} was made`)
  return fileContents(file)
}

/** `make`, called once: later calls share its promise. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined
  return () => (made ??= make())
}
