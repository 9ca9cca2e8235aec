import type {Contribution, Person, Proceedings} from '../../model/types.js'
import {landingPath, personName, type PageRange} from '../cite/csl-items.js'

export interface CrossrefOptions {
  /** Pages of each contribution in the volume, by id, when known. */
  pages?: ReadonlyMap<string, PageRange>
  /** When the deposit is made: its timestamp, which Crossref requires to grow from one deposit to the next. */
  at: Date
}

/**
 * A Crossref deposit (schema 5.3.1, conference proceedings) of the volume and
 * of every contribution with a DOI: authors with affiliations and ORCID iDs,
 * abstracts in JATS, page ranges and landing pages. The caller checks first
 * that the forum has what a deposit needs (`url`, `depositor`, `doi`).
 */
export function renderCrossref(proceedings: Proceedings, options: CrossrefOptions): string {
  const {forum} = proceedings
  const url = forum.url!
  const timestamp = options.at.toISOString().replace(/\D/g, '').slice(0, 14)
  const papers = proceedings.sessions.flatMap((current) =>
    current.contributions
      .filter((contribution) => contribution.doi)
      .map((contribution) =>
        paper(contribution, current.session.date ?? forum.date, options.pages?.get(contribution.id), url)
      )
  )
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<doi_batch version="5.3.1" xmlns="http://www.crossref.org/schema/5.3.1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:jats="http://www.ncbi.nlm.nih.gov/JATS1" xsi:schemaLocation="http://www.crossref.org/schema/5.3.1 https://www.crossref.org/schemas/crossref5.3.1.xsd">',
    element('head', [
      element('doi_batch_id', `${forum.doi!}-${timestamp}`),
      element('timestamp', timestamp),
      element('depositor', [
        element('depositor_name', forum.depositor!.name),
        element('email_address', forum.depositor!.email)
      ]),
      element('registrant', forum.publisher ?? forum.depositor!.name)
    ]),
    element('body', [
      element('conference', [
        element('event_metadata', [
          element('conference_name', forum.title),
          forum.date && `<conference_date ${dateAttributes(forum.date)}/>`
        ]),
        element(
          'proceedings_metadata',
          [
            element('proceedings_title', forum.subtitle ? `${forum.title}: ${forum.subtitle}` : forum.title),
            element('publisher', [
              element('publisher_name', forum.publisher ?? forum.depositor!.name),
              forum.place && element('publisher_place', forum.place)
            ]),
            publicationDate(forum.date ?? proceedings.builtAt.slice(0, 10)),
            forum.isbn ? element('isbn', forum.isbn) : '<noisbn reason="simple_series"/>',
            doiData(forum.doi!, url)
          ],
          {language: primaryLanguage(forum.language)}
        ),
        ...papers
      ])
    ]),
    '</doi_batch>',
    ''
  ].join('\n')
}

function paper(
  contribution: Contribution,
  date: string | undefined,
  pages: PageRange | undefined,
  url: string
): string {
  return element(
    'conference_paper',
    [
      element(
        'contributors',
        contribution.speakers.map((speaker, index) => person(speaker, index === 0))
      ),
      element('titles', [element('title', contribution.title)]),
      contribution.abstract &&
        element('jats:abstract', [element('jats:p', contribution.abstract.replace(/\s+/g, ' '))], {
          'xml:lang': primaryLanguage(contribution.language)
        }),
      (contribution.date ?? date) && publicationDate((contribution.date ?? date)!),
      pages &&
        element('pages', [
          element('first_page', pages.first),
          pages.last !== pages.first && element('last_page', pages.last)
        ]),
      doiData(contribution.doi!, url + landingPath(contribution))
    ],
    {language: primaryLanguage(contribution.language), publication_type: 'full_text'}
  )
}

function person(speaker: Person, first: boolean): string {
  const name = personName(speaker)
  const surname = [name['non-dropping-particle'], name.family].filter(Boolean).join(' ') || speaker.name
  return element(
    'person_name',
    [
      name.given && element('given_name', name.given),
      element('surname', surname),
      speaker.affiliation &&
        element('affiliations', [element('institution', [element('institution_name', speaker.affiliation)])]),
      speaker.orcid && element('ORCID', `https://orcid.org/${speaker.orcid}`, {authenticated: 'false'})
    ],
    {sequence: first ? 'first' : 'additional', contributor_role: 'author'}
  )
}

function publicationDate(date: string): string {
  const [year, month, day] = date.split('-')
  return element(
    'publication_date',
    [month && element('month', month), day && element('day', day), element('year', year!)],
    {media_type: 'online'}
  )
}

function dateAttributes(date: string): string {
  const [year, month, day] = date.split('-')
  return `start_year="${year}" start_month="${month}" start_day="${day}"`
}

function doiData(doi: string, resource: string): string {
  return element('doi_data', [element('doi', doi), element('resource', resource)])
}

/** Crossref takes a language as its ISO 639-1 code alone. */
function primaryLanguage(tag: string): string {
  return tag.split('-')[0]!.toLowerCase()
}

/** An element with text, or with child elements (falsy ones left out), on lines of their own. */
function element(
  name: string,
  content: string | (string | false | undefined | null | '')[],
  attributes: Record<string, string> = {}
): string {
  const open = [
    name,
    ...Object.entries(attributes).map(([key, value]) => `${key}="${escapeXml(value)}"`)
  ].join(' ')
  if (typeof content === 'string') return `<${open}>${escapeXml(content)}</${name}>`
  const children = content.filter((child): child is string => Boolean(child))
  return `<${open}>\n${children.map((child) => child.replace(/^/gm, '  ')).join('\n')}\n</${name}>`
}

/** Text escaped for XML, without the control characters XML 1.0 cannot hold. */
function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- control characters are what it removes
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[&<>"]/g, (character) => `&${{'&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot'}[character]};`)
  )
}
