import type {Proceedings} from '../model/types.js'
import type {CitationStore} from '../render/cite/citation-store.js'
import {citations, renderCitationFiles} from '../render/cite/render-citations.js'
import {renderLandingPages} from '../render/html/render-landing-pages.js'
import {renderSite, SiteMemo} from '../render/html/render-site.js'
import type {Theme} from '../render/theme/load-theme.js'
import type {OutputFile} from '../util/output-file.js'

/**
 * The pages `serve` shows: every edition's site, each under its folder, with
 * its contribution pages and citation files as `build` writes them. Pages are
 * kept between rebuilds in one memo per edition (their pages have the same
 * names); the citations in the store.
 */
export async function renderEditions(
  editions: Proceedings[],
  theme: Theme,
  memos: Map<string, SiteMemo>,
  store: CitationStore
): Promise<OutputFile[]> {
  const files: OutputFile[] = []
  for (const edition of editions) {
    let kept = memos.get(edition.edition.language)
    if (!kept) memos.set(edition.edition.language, (kept = new SiteMemo()))
    const cited = await citations(edition, store)
    const pages = [
      ...renderSite(edition, theme, kept),
      ...(await renderLandingPages(edition, theme, {citations: cited, pdf: false}, kept)),
      ...renderCitationFiles(cited)
    ]
    files.push(...pages.map((file) => ({...file, path: edition.edition.folder + file.path})))
  }
  return files
}
