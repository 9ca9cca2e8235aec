import {derivationOf} from '../../model/editions.js'
import type {Contribution, Proceedings, SessionProceedings} from '../../model/types.js'
import type {OutputFile} from '../../util/output-file.js'
import {landingPath, type PageRange} from '../cite/csl-items.js'

/**
 * `proceedings.json`: the contract other tools read. Keys are written in a
 * fixed order and arrays in display order, so the same input gives the same
 * bytes; absent values are `null`, never missing keys.
 */
export function renderManifest(
  proceedings: Proceedings,
  {
    pages,
    site = true,
    pdfs = false
  }: {pages?: ReadonlyMap<string, PageRange>; site?: boolean; pdfs?: boolean} = {}
): OutputFile {
  const {forum} = proceedings
  const manifest = {
    forum: {
      title: forum.title,
      subtitle: forum.subtitle ?? null,
      date: forum.date ?? null,
      language: forum.language,
      organizers: forum.organizers,
      url: forum.url ?? null,
      publisher: forum.publisher ?? null,
      place: forum.place ?? null,
      isbn: forum.isbn ?? null,
      doi: forum.doi ?? null,
      license: forum.license ?? null
    },
    editions: proceedings.editions.map((edition) => ({
      language: edition.language,
      site: site ? `${edition.folder}index.html` : null,
      pdf: edition.pdf
    })),
    sessions: proceedings.sessions.map((current) => sessionEntry(current, pages, site, pdfs))
  }
  return {path: 'proceedings.json', contents: JSON.stringify(manifest, null, 2) + '\n'}
}

function sessionEntry(
  {session, groups, objectives, contributions}: SessionProceedings,
  pages: ReadonlyMap<string, PageRange> | undefined,
  site: boolean,
  pdfs: boolean
) {
  const ids = (list: Contribution[]) => list.map((contribution) => contribution.id)
  const groupIds = (kind: 'main' | number) =>
    ids(
      groups
        .find((group) => (kind === 'main' ? group.kind === 'main' : group.question?.number === kind))
        ?.entries.map((entry) => entry.contribution) ?? []
    )
  return {
    id: session.id,
    title: session.title,
    date: session.date ?? null,
    order: session.order ?? null,
    summary: session.summary,
    objectives: objectives.map(({objective, contributions: serving}) => ({
      number: objective.number,
      text: objective.text,
      contributions: ids(serving)
    })),
    mainQuestion: session.mainQuestion
      ? {text: session.mainQuestion.text, contributions: groupIds('main')}
      : null,
    questions: session.questions.map((question) => ({
      number: question.number,
      round: question.round,
      text: question.text,
      contributions: groupIds(question.number)
    })),
    contributions: contributions
      .map((shown) => ({shown, contribution: derivationOf(shown)?.original ?? shown}))
      .map(({shown, contribution}) => ({
        id: contribution.id,
        title: contribution.title,
        source: contribution.source,
        speakers: contribution.speakers.map((speaker) => ({
          name: speaker.name,
          affiliation: speaker.affiliation ?? null,
          country: speaker.country ?? null,
          countryCode: speaker.countryCode ?? null,
          role: speaker.role ?? null,
          orcid: speaker.orcid ?? null
        })),
        objectives: contribution.objectives,
        questions: contribution.questions,
        type: contribution.type,
        language: contribution.language,
        date: contribution.date ?? null,
        pages: pagesOf(pages?.get(contribution.anchor)),
        url: site ? landingPath(contribution) : null,
        pdf: pdfs ? landingPath(contribution, 'pdf') : null,
        doi: contribution.doi ?? null,
        translations: (shown.translations ?? []).map((translation) => ({
          language: translation.language,
          source: translation.source,
          translators: translation.translators.map((person) => person.name),
          machineTranslated: translation.machineTranslated,
          outOfDate: translation.outOfDate
        }))
      }))
  }
}

/** Page numbers in the volume: numbers from 1 in the body of the volume. */
function pagesOf(range: PageRange | undefined) {
  return range ? {first: Number(range.first), last: Number(range.last)} : null
}
