import type {Proceedings} from '../../model/types.js'
import type {OutputFile} from '../../util/output-file.js'
import {bibtex, CitationFormatter, cslJson, ris} from './citation-formats.js'
import {contributionItem, landingPath, volumeItem, type CslItem, type PageRange} from './csl-items.js'

export interface Citations {
  /** Each contribution printed in the site, by id, then the volume's, by `volumeId`. */
  items: Map<string, CslItem>
  text(item: CslItem): string
  /** Formats the citations of these items at once, ahead of `text`. */
  prepare(items: CslItem[]): void
  bibtex(item: CslItem): string
}

/** The citation data of the volume and of each contribution printed in it, with their pages when known. */
export function citations(proceedings: Proceedings, pages?: ReadonlyMap<string, PageRange>): Citations {
  const items = new Map<string, CslItem>()
  for (const current of proceedings.sessions)
    for (const contribution of current.contributions)
      items.set(
        contribution.id,
        contributionItem(proceedings, current, contribution, pages?.get(contribution.anchor))
      )
  const formatter = new CitationFormatter(proceedings.forum.language)
  const bibtexOf = new Map<string, string>()
  return {
    items,
    text: (item) => formatter.format(item),
    prepare: (items) => formatter.prepare(items),
    bibtex(item) {
      let text = bibtexOf.get(item.id)
      if (text === undefined) bibtexOf.set(item.id, (text = bibtex(item)))
      return text
    }
  }
}

/**
 * `proceedings.bib`, `.ris` and `.csl.json`: the volume, then every
 * contribution in the order of the volume; and the same files for each
 * contribution alone, beside its page.
 */
export function renderCitationFiles(proceedings: Proceedings, cited: Citations): OutputFile[] {
  const volume = volumeItem(proceedings)
  const all = [volume, ...cited.items.values()]
  const risOf = new Map(all.map((item) => [item.id, ris(item)]))
  const files: OutputFile[] = [
    {path: 'proceedings.bib', contents: all.map((item) => cited.bibtex(item)).join('\n')},
    {path: 'proceedings.ris', contents: all.map((item) => risOf.get(item.id)!).join('\n')},
    {path: 'proceedings.csl.json', contents: cslJson(all)}
  ]
  for (const item of cited.items.values()) {
    const contribution = {id: item.id}
    files.push(
      {path: landingPath(contribution, 'bib'), contents: cited.bibtex(item)},
      {path: landingPath(contribution, 'ris'), contents: risOf.get(item.id)!},
      {path: landingPath(contribution, 'csl.json'), contents: cslJson([item])}
    )
  }
  return files
}
