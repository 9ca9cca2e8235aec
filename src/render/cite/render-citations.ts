import type {Contribution, Proceedings} from '../../model/types.js'
import type {OutputFile} from '../../util/output-file.js'
import type {CitationStore, StoredCitation} from './citation-store.js'
import {contributionItem, landingPath, volumeItem, type CslItem, type PageRange} from './csl-items.js'

export interface Citations {
  /** Each contribution printed in the site, by id. */
  items: Map<string, CslItem>
  volume: CslItem
  /** The formatted citation, once `prepare` was given the item. */
  text(item: CslItem): string
  /** Formats the citations of these items at once, ahead of `text`. */
  prepare(items: CslItem[]): Promise<void>
  bibtex(item: CslItem): string
  ris(item: CslItem): string
}

/**
 * The citation data of the volume and of each contribution printed in it
 * (or of those of `only`), with their pages when known, and their BibTeX and
 * RIS. citation-js and citeproc-js are loaded only for items the store does
 * not keep.
 */
export async function citations(
  proceedings: Proceedings,
  store: CitationStore,
  pages?: ReadonlyMap<string, PageRange>,
  only?: ReadonlySet<Contribution>
): Promise<Citations> {
  const language = proceedings.forum.language
  const items = new Map<string, CslItem>()
  for (const current of proceedings.sessions)
    for (const contribution of current.contributions)
      if (!only || only.has(contribution))
        items.set(
          contribution.id,
          contributionItem(proceedings, current, contribution, pages?.get(contribution.anchor))
        )
  const volume = volumeItem(proceedings)
  const entries = new Map<string, {key: string; stored: StoredCitation | undefined}>()
  for (const item of [volume, ...items.values()]) {
    const key = store.key(item, language)
    entries.set(item.id, {key, stored: store.get(key)})
  }
  const missing = [volume, ...items.values()].filter((item) => !entries.get(item.id)!.stored)
  if (missing.length) {
    const formats = await import('./citation-formats.js')
    for (const item of missing) {
      const entry = entries.get(item.id)!
      entry.stored = {bibtex: formats.bibtex(item), ris: formats.ris(item)}
      store.set(entry.key, entry.stored)
    }
  }
  const stored = (item: CslItem) => entries.get(item.id)!.stored!
  return {
    items,
    volume,
    text: (item) => stored(item).text ?? '',
    async prepare(list) {
      const unformatted = list.filter((item) => stored(item).text === undefined)
      if (unformatted.length === 0) return
      const {formatCitations} = await import('./format-citations.js')
      const texts = await formatCitations(language, unformatted)
      for (const item of unformatted) {
        const entry = entries.get(item.id)!
        entry.stored = {...entry.stored!, text: texts.get(item.id) ?? ''}
        store.set(entry.key, entry.stored)
      }
    },
    bibtex: (item) => stored(item).bibtex,
    ris: (item) => stored(item).ris
  }
}

/** A CSL-JSON file: a list of items, as citeproc and Zotero read it. */
export function cslJson(items: CslItem[]): string {
  return JSON.stringify(items, null, 2) + '\n'
}

/**
 * `proceedings.bib`, `.ris` and `.csl.json`: the volume, then every
 * contribution in the order of the volume; and the same files for each
 * contribution alone, beside its page.
 */
export function renderCitationFiles(cited: Citations): OutputFile[] {
  return [
    ...volumeCitationFiles(cited),
    ...[...cited.items.values()].flatMap((item) => contributionCitationFiles(cited, item))
  ]
}

/** The volume's citation files: the volume, then every contribution of `cited` in the order of the volume. */
export function volumeCitationFiles(cited: Citations): OutputFile[] {
  const all = [cited.volume, ...cited.items.values()]
  return [
    {path: 'proceedings.bib', contents: all.map((item) => cited.bibtex(item)).join('\n')},
    {path: 'proceedings.ris', contents: all.map((item) => cited.ris(item)).join('\n')},
    {path: 'proceedings.csl.json', contents: cslJson(all)}
  ]
}

/** The citation files of one contribution, beside its page. */
export function contributionCitationFiles(cited: Citations, item: CslItem): OutputFile[] {
  const contribution = {id: item.id}
  return [
    {path: landingPath(contribution, 'bib'), contents: cited.bibtex(item)},
    {path: landingPath(contribution, 'ris'), contents: cited.ris(item)},
    {path: landingPath(contribution, 'csl.json'), contents: cslJson([item])}
  ]
}
