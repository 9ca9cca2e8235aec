import {parse as parseName} from '@citation-js/name'
import type {Contribution, Person, Proceedings, SessionProceedings} from '../../model/types.js'

/** The pages of a contribution in the volume, as printed (`12`, `xiv`). */
export interface PageRange {
  first: string
  last: string
  /** The first page's place in the volume PDF, counting from its cover as 1. */
  sheet?: number
}

/** A CSL-JSON item: the citation data every citation format is written from. */
export type CslItem = Record<string, unknown> & {id: string}

/** Where a contribution's landing page is, relative to the site's root. */
export function landingPath(contribution: Pick<Contribution, 'id'>, extension = 'html'): string {
  return `contributions/${encodeURIComponent(contribution.id)}.${extension}`
}

/** The id of the volume's own entry: no contribution id holds `:`. */
export const volumeId = 'proceedings:volume'

/** The volume as a CSL item: the proceedings of the forum, as a book. */
export function volumeItem(proceedings: Proceedings): CslItem {
  const {forum} = proceedings
  return clean({
    id: volumeId,
    'citation-key': 'proceedings',
    type: 'book',
    title: forum.subtitle ? `${forum.title}: ${forum.subtitle}` : forum.title,
    'event-title': forum.title,
    editor: forum.organizers.map((name) => ({literal: name})),
    publisher: forum.publisher,
    'publisher-place': forum.place,
    issued: dateOf(forum.date),
    ISBN: forum.isbn,
    DOI: forum.doi,
    URL: forum.url,
    language: forum.language,
    license: forum.license
  })
}

/** A contribution as a CSL item: a paper in the proceedings, with its pages once the volume is printed. */
export function contributionItem(
  proceedings: Proceedings,
  current: SessionProceedings,
  contribution: Contribution,
  pages: PageRange | undefined
): CslItem {
  const {forum} = proceedings
  return clean({
    id: contribution.id,
    'citation-key': contribution.id,
    type: 'paper-conference',
    title: contribution.title,
    author: contribution.speakers.map(personName),
    'container-title': forum.subtitle ? `${forum.title}: ${forum.subtitle}` : forum.title,
    publisher: forum.publisher,
    'publisher-place': forum.place,
    issued: dateOf(contribution.date ?? current.session.date ?? forum.date),
    page: pages && (pages.first === pages.last ? pages.first : `${pages.first}-${pages.last}`),
    ISBN: forum.isbn,
    DOI: contribution.doi,
    URL: forum.url && forum.url + landingPath(contribution),
    language: contribution.language,
    abstract: contribution.abstract,
    keyword: contribution.keywords.length ? contribution.keywords.join(',') : undefined,
    license: forum.license
  })
}

/** A name split into given and family names as citation-js splits it; one word is a family name. */
export function personName(person: Person): Record<string, string> {
  return parseName(person.name)
}

function dateOf(date: string | undefined) {
  return date ? {'date-parts': [date.split('-').map(Number)]} : undefined
}

function clean(item: Record<string, unknown>): CslItem {
  return Object.fromEntries(
    Object.entries(item).filter(
      ([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0)
    )
  ) as CslItem
}
