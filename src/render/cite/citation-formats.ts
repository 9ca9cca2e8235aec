import {Cite, plugins} from '@citation-js/core'
import '@citation-js/plugin-bibtex'
import '@citation-js/plugin-ris'
import '@citation-js/plugin-csl'
import CSL from 'citeproc'
import type {CslItem} from './csl-items.js'

// Entry keys are contribution ids as written (letters of any script, digits, `.`, `_`, `-`: all valid in a key), and
// text stays in Unicode, as biber and BibTeX with UTF-8 input read it: citation-js's ASCII output writes Greek letters
// as math, and breaks those with accents (`{\' $}`). Its Unicode output escapes nothing, so LaTeX's special
// characters are escaped in the item first (`latexItem`).
const bibtexFormat = plugins.config.get('@bibtex').format
bibtexFormat.checkLabel = false
bibtexFormat.asciiOnly = false

/**
 * Citation formats, written by citation-js from CSL items: BibTeX, RIS and
 * CSL-JSON files, and a citation formatted by citeproc-js in the forum's
 * language. Items are formatted one by one (citation-js's own output for a
 * list is the items' outputs one after the other), so that an item's text is
 * the same in the volume's file and in its own.
 */
export function bibtex(item: CslItem): string {
  return new Cite([latexItem(item)]).format('bibtex').trim() + '\n'
}

/** Fields citation-js writes as they are (addresses, identifiers), which LaTeX reads verbatim. */
const verbatim = new Set(['id', 'citation-key', 'type', 'URL', 'DOI', 'ISBN', 'language', 'issued', 'page'])

const latexSpecials: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}'
}

/** The item with LaTeX's special characters escaped in its text, names included. */
function latexItem(item: CslItem): CslItem {
  const escape = (value: unknown): unknown => {
    if (typeof value === 'string')
      return value.replace(/[\\{}&%$#_~^]/g, (character) => latexSpecials[character] ?? `\\${character}`)
    if (Array.isArray(value)) return value.map(escape)
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, escape(inner)]))
    return value
  }
  return Object.fromEntries(
    Object.entries(item).map(([key, value]) => [
      key,
      verbatim.has(key)
        ? structuredClone(value)
        : titles.has(key)
          ? protectCapitals(escape(value))
          : escape(value)
    ])
  ) as CslItem
}

const titles = new Set(['title', 'container-title', 'collection-title', 'event-title'])

/**
 * Words of a title with a capital outside ASCII (`Ñúñez`, `Åland`) in braces, so that a style's
 * lower-casing keeps them: citation-js protects those with ASCII capitals only.
 */
function protectCapitals(value: unknown): unknown {
  if (typeof value !== 'string') return value
  return value.replace(/(?<=\s)[\p{L}\p{M}’'-]*[^\P{Lu}A-Z][\p{L}\p{M}’'-]*/gu, (word) => `{${word}}`)
}

export function ris(item: CslItem): string {
  return new Cite([structuredClone(item)]).format('ris').trim() + '\n'
}

/** The CSL locales citation-js carries, by language; others fall back to American English. */
const locales: Record<string, string> = {en: 'en-US', es: 'es-ES', fr: 'fr-FR', de: 'de-DE', nl: 'nl-NL'}

export function cslLocale(language: string): string {
  return locales[language.toLowerCase().split('-')[0] ?? ''] ?? 'en-US'
}

/**
 * Formats citations of one work each in the Harvard style citation-js
 * carries, in one language: one citeproc engine, made when first needed.
 * Harvard rather than APA, whose engine takes 1.5 s to build against 0.05 s.
 * The style's disambiguation (year suffixes, added initials) is taken out:
 * each citation stands alone.
 */
export class CitationFormatter {
  private engine: ReturnType<typeof this.makeEngine> | undefined
  private readonly items = new Map<string, CslItem>()

  constructor(private readonly language: string) {}

  /** One item's citation. */
  format(item: CslItem): string {
    return this.formatAll([item]).get(item.id) ?? ''
  }

  /**
   * The citation of each item, by id: one bibliography of them all takes citeproc-js about half the time of one per
   * item. With the style's disambiguation taken out, each entry is the citation of its item alone.
   */
  formatAll(items: CslItem[]): Map<string, string> {
    const texts = new Map<string, string>()
    if (items.length === 0) return texts
    this.engine ??= this.makeEngine()
    for (const item of items) this.items.set(item.id, structuredClone(item))
    this.engine.updateItems(
      items.map((item) => item.id),
      true
    )
    const bibliography = this.engine.makeBibliography()
    this.items.clear()
    if (!bibliography) return texts
    const [about, entries] = bibliography
    about.entry_ids.forEach((ids, index) => texts.set(ids[0]!, (entries[index] ?? '').trim()))
    return texts
  }

  private makeEngine() {
    const config = plugins.config.get('@csl')
    const style = config.styles.get('harvard1')!.replace(/ disambiguate-[a-z-]+="true"/g, '')
    const engine = new CSL.Engine(
      {
        retrieveLocale: (language) => config.locales.get(language),
        retrieveItem: (id) => this.items.get(id)!
      },
      style,
      cslLocale(this.language),
      true
    )
    engine.setOutputFormat('text')
    return engine
  }
}
