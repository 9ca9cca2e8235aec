import {PDFArray, PDFDict, PDFName, PDFNumber} from 'pdf-lib'
import type {Contribution, Proceedings, SessionProceedings} from '../../model/types.js'
import type {PartRequest} from '../../pdf-file/extract-part.js'
import {leavesOf, type elementsOfRole, type PieceStructure} from '../../pdf-file/piece-structure.js'
import type {OutlineEntry} from '../../pdf-file/write-outline.js'
import {landingPath, type PageRange} from '../cite/csl-items.js'
import {citationLine} from './citation-stamps.js'

/** A contribution's or a session's own PDF, to cut out of its piece's print. */
export interface Part {
  path: string
  /** What it is cut from its piece's print: a contribution (its `<article>`, by its place among the piece's) or a session. */
  contribution?: {contribution: Contribution; article: number}
  session: SessionProceedings
  key: string
}

/** What to cut out of the print for a part, with its citation line and its pages in the volume. */
export function requestOf(
  proceedings: Proceedings,
  structure: PieceStructure,
  articles: ReturnType<typeof elementsOfRole> | undefined,
  part: Part,
  offset: number,
  following: Part | undefined,
  outline: OutlineEntry[]
): {request: PartRequest; line: string; pages: PageRange | undefined} {
  const {forum} = proceedings
  const date = new Date(proceedings.builtAt)
  const sessionStart = structure.destinations.get(part.session.anchor)?.page ?? 0
  if (part.contribution) {
    const {contribution, article} = part.contribution
    const element = articles?.[article]
    const leaves = element && leavesOf(element)
    const onPages = [...(leaves ?? [])]
      .filter((leaf) => !leaf.startsWith('a:'))
      .map((leaf) => Number(leaf.split(':')[0]))
    const at = (anchor: string) => structure.destinations.get(anchor)?.page
    const start = onPages.length ? Math.min(...onPages) : (at(contribution.anchor) ?? sessionStart)
    const next = following?.contribution && at(following.contribution.contribution.anchor)
    const end = onPages.length
      ? Math.max(...onPages)
      : Math.max(start, next ?? sessionEnd(structure, sessionStart))
    const first = offset + start
    const last = offset + end
    return {
      request: {
        pages: range(start, end),
        leaves,
        firstNumber: first,
        info: {
          title: contribution.title,
          authors: contribution.speakers.map(({name}) => name),
          subject: part.session.session.title,
          keywords: contribution.keywords,
          language: contribution.language,
          date
        },
        outline: [{title: contribution.title, anchor: contribution.anchor, children: []}]
      },
      line: citationLine(proceedings, {first, last, doi: contribution.doi, path: landingPath(contribution)}),
      pages: {first: String(first), last: String(last), sheet: undefined}
    }
  }
  const end = sessionEnd(structure, sessionStart)
  const {session} = part.session
  const moderators = session.moderators.map(({name}) => name)
  return {
    request: {
      pages: range(sessionStart, end),
      firstNumber: offset + sessionStart,
      info: {
        title: session.title,
        authors: moderators.length ? moderators : forum.organizers,
        subject: forum.title,
        keywords: part.session.contributions.map(({title}) => title),
        language: forum.language,
        date
      },
      outline: outline.filter((entry) => entry.anchor === part.session.anchor)
    },
    line: citationLine(proceedings, {
      first: offset + sessionStart,
      last: offset + end,
      doi: undefined,
      path: `sessions/${encodeURIComponent(session.id)}.html`
    }),
    pages: undefined
  }
}

/** A session runs from its first page to the page before the next session's, or to the piece's end. */
function sessionEnd(structure: PieceStructure, sessionStart: number): number {
  const starts = [...structure.destinations]
    .filter(([name]) => name.startsWith('s:') && !name.slice(2).includes(':'))
    .map(([, {page}]) => page)
    .filter((page) => page > sessionStart)
  return starts.length ? Math.min(...starts) - 1 : structure.pages.length - 1
}

function range(first: number, last: number): number[] {
  return Array.from({length: Math.max(1, last - first + 1)}, (_, index) => first + index)
}

/** The size of the print's first page, in points. */
export function pageSize(structure: PieceStructure): {width: number; height: number} {
  const page = structure.parse(structure.pages[0]!)
  const box = page instanceof PDFDict ? page.get(PDFName.of('MediaBox')) : undefined
  const numbers =
    box instanceof PDFArray
      ? box.asArray().map((value) => (value instanceof PDFNumber ? value.asNumber() : 0))
      : []
  return numbers.length === 4
    ? {width: numbers[2]! - numbers[0]!, height: numbers[3]! - numbers[1]!}
    : {width: 595.28, height: 841.89}
}
