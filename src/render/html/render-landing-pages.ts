import {partAnchor} from '../../model/anchors.js'
import type {Contribution, Proceedings, SessionProceedings} from '../../model/types.js'
import type {OutputFile} from '../../util/output-file.js'
import {withContentSecurityPolicy} from '../content-security-policy.js'
import {landingPath, type CslItem, type PageRange} from '../cite/csl-items.js'
import {pageContext} from '../page-context.js'
import {languageNameIn} from '../language-names.js'
import type {Theme} from '../theme/load-theme.js'
import type {KeptPages} from './render-site.js'

/** What a landing page shows of a contribution's citation, formatted by the caller (citation-js). */
export interface LandingCitations {
  /** The contribution's CSL item, by contribution id. */
  items: ReadonlyMap<string, CslItem>
  /** The formatted citation, in the forum's language. */
  text(item: CslItem): string
  /** Formats the citations of these items at once, ahead of `text`. */
  prepare(items: CslItem[]): Promise<void>
  bibtex(item: CslItem): string
}

export interface LandingOptions {
  citations: LandingCitations
  /** Pages of each contribution in the volume, when the PDF was printed. */
  pages?: ReadonlyMap<string, PageRange>
  /** Whether each contribution has a PDF of its own beside its page. */
  pdf: boolean
}

/** A contribution printed in the site, with its session and its neighbours there: what its landing page shows. */
export interface Landing {
  current: SessionProceedings
  contribution: Contribution
  previous: Contribution | undefined
  next: Contribution | undefined
}

/** Every contribution printed in the site, in the order of the volume. */
export function landingsOf(proceedings: Proceedings): Landing[] {
  return proceedings.sessions.flatMap((current) =>
    current.contributions.map((contribution, index) => ({
      current,
      contribution,
      previous: current.contributions[index - 1],
      next: current.contributions[index + 1]
    }))
  )
}

/**
 * One page per contribution printed in the site, `contributions/<id>.html`:
 * the contribution with its place in the session, its citation and the
 * `citation_*` tags search engines for scholarly work read.
 */
export async function renderLandingPages(
  proceedings: Proceedings,
  theme: Theme,
  options: LandingOptions,
  kept?: KeptPages
): Promise<OutputFile[]> {
  const landings = landingsOf(proceedings)
  // Citations not formatted yet (those of items new or changed since the last build, whose pages are rendered)
  // are formatted at once, which takes half the time.
  await options.citations.prepare(
    landings.map(({contribution}) => options.citations.items.get(contribution.id)!)
  )
  return landings.map((landing) => ({
    path: landingPath(landing.contribution),
    contents: renderLandingPage(proceedings, theme, landing, options, kept)
  }))
}

/** The landing page of one contribution, whose citation `options.citations` has prepared. */
export function renderLandingPage(
  proceedings: Proceedings,
  theme: Theme,
  {current, contribution, previous, next}: Landing,
  options: LandingOptions,
  kept?: KeptPages
): string | Uint8Array {
  const cache = theme.defaultTemplates ? kept : undefined
  const item = options.citations.items.get(contribution.id)!
  const range = options.pages?.get(contribution.anchor)
  const shows = {
    item,
    pdf: options.pdf,
    sheet: range?.sheet,
    neighbours: [previous, next].map((neighbour) => neighbour && [neighbour.id, neighbour.title])
  }
  const render = () =>
    withContentSecurityPolicy(
      theme.render(
        'contribution-page',
        landingContext(proceedings, current, contribution, {item, pages: range, previous, next, options})
      )
    )
  return cache ? cache.landing(proceedings, contribution, shows, render) : render()
}

function landingContext(
  proceedings: Proceedings,
  current: SessionProceedings,
  contribution: Contribution,
  {
    item,
    pages,
    previous,
    next,
    options
  }: {
    item: CslItem
    pages: PageRange | undefined
    previous: Contribution | undefined
    next: Contribution | undefined
    options: LandingOptions
  }
) {
  const {forum} = proceedings
  const {labels} = forum
  const answers = current.groups
    .filter((group) =>
      group.kind === 'main'
        ? contribution.questions.includes('main')
        : group.kind === 'question' && contribution.questions.includes(group.question!.number)
    )
    .map((group) => ({
      anchor: group.anchor,
      label:
        group.kind === 'main'
          ? `${labels.mainQuestion}: ${current.session.mainQuestion!.text}`
          : `${labels.question} ${group.question!.number}: ${group.question!.text}`
    }))
  const serves = current.session.objectives
    .filter((objective) => contribution.objectives.includes(objective.number))
    .map((objective) => ({
      number: objective.number,
      text: objective.text,
      anchor: partAnchor(current.anchor, `o${objective.number}`)
    }))
  const name = encodeURIComponent(contribution.id)
  const files = {
    pdf: options.pdf ? `${name}.pdf` : undefined,
    // Until contributions have PDFs of their own: the volume, opened at the contribution's first page.
    volume:
      pages?.sheet === undefined
        ? undefined
        : `../${proceedings.edition.folder ? '../' : ''}${proceedings.edition.pdf}#page=${pages.sheet}`,
    bib: `${name}.bib`,
    ris: `${name}.ris`,
    csl: `${name}.csl.json`
  }
  const date = contribution.date ?? current.session.date ?? forum.date
  return pageContext(
    proceedings,
    {mode: 'site', inFolder: true, folder: 'contributions', path: landingPath(contribution)},
    {
      current,
      contribution,
      previous,
      next,
      answers,
      serves,
      date,
      pages,
      files,
      languageName: languageNameIn(contribution.language, forum.language),
      citation: {text: options.citations.text(item), bibtex: options.citations.bibtex(item)},
      canonical: forum.url && forum.url + landingPath(contribution),
      headMeta: headMeta(proceedings, contribution, {date, pages, pdf: options.pdf})
    }
  )
}

/**
 * Google Scholar's (Highwire Press) `citation_*` tags, a description and
 * OpenGraph. Addresses are absolute only when the forum gives its `url`:
 * Scholar takes the PDF only from the same host as the page.
 */
function headMeta(
  proceedings: Proceedings,
  contribution: Contribution,
  {date, pages, pdf}: {date: string | undefined; pages: PageRange | undefined; pdf: boolean}
) {
  const {forum} = proceedings
  const tags: {name?: string; property?: string; content: string}[] = []
  const add = (name: string, content: string | undefined) => {
    if (content) tags.push({name, content})
  }
  add('citation_title', contribution.title)
  for (const speaker of contribution.speakers) {
    add('citation_author', speaker.name)
    add('citation_author_institution', speaker.affiliation)
    add('citation_author_orcid', speaker.orcid && `https://orcid.org/${speaker.orcid}`)
  }
  add('citation_publication_date', date?.replaceAll('-', '/'))
  add('citation_conference_title', forum.title)
  add('citation_publisher', forum.publisher)
  add('citation_isbn', forum.isbn)
  add('citation_firstpage', pages?.first)
  add('citation_lastpage', pages?.last)
  if (pdf && forum.url) add('citation_pdf_url', forum.url + landingPath(contribution, 'pdf'))
  add('citation_language', contribution.language)
  add('citation_doi', contribution.doi)
  add('citation_keywords', contribution.keywords.join('; '))
  add('description', contribution.abstract)
  const og = (property: string, content: string | undefined) => {
    if (content) tags.push({property, content})
  }
  og('og:type', 'article')
  og('og:title', contribution.title)
  og('og:site_name', forum.title)
  og('og:description', contribution.abstract)
  og('og:url', forum.url && forum.url + landingPath(contribution))
  return tags
}
