import type {Contribution, Proceedings, SessionProceedings} from '../../model/types.js'
import type {OutlineEntry} from '../../pdf-file/write-outline.js'
import {landingPath, type PageRange} from '../cite/csl-items.js'
import {citationLine} from './citation-stamps.js'
import type {PartCut, PartPlace} from './part-plan.js'

/** A contribution's or a session's own PDF, to cut out of its piece's print. */
export interface Part {
  path: string
  /** What it is cut from its piece's print: a contribution (its `<article>`, by its place among the piece's) or a session. */
  contribution?: {contribution: Contribution; article: number}
  session: SessionProceedings
  key: string
}

/** Where each part stands in its piece, by anchors, for the thread that finds its pages. */
export function placesOf(parts: Part[]): PartPlace[] {
  return parts.map((part, index) => {
    const following = parts[index + 1]?.contribution?.contribution.anchor
    return {
      session: part.session.anchor,
      ...(part.contribution && {
        contribution: {anchor: part.contribution.contribution.anchor, article: part.contribution.article}
      }),
      ...(following !== undefined && {following})
    }
  })
}

/**
 * What a part is cut with, once its pages in the print are known (`pages`,
 * indexes from 0; `offset` is the volume's number of the print's first
 * page): its numbers, metadata and bookmarks, its citation line, and for a
 * contribution its pages in the volume.
 */
export function requestOf(
  proceedings: Proceedings,
  part: Part,
  pages: {first: number; last: number},
  offset: number,
  outline: OutlineEntry[]
): {cut: PartCut; line: string; pages: PageRange | undefined} {
  const {forum} = proceedings
  const date = new Date(proceedings.builtAt)
  const first = offset + pages.first
  const last = offset + pages.last
  if (part.contribution) {
    const {contribution} = part.contribution
    return {
      cut: {
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
  const {session} = part.session
  const moderators = session.moderators.map(({name}) => name)
  return {
    cut: {
      firstNumber: first,
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
      first,
      last,
      doi: undefined,
      path: `sessions/${encodeURIComponent(session.id)}.html`
    }),
    pages: undefined
  }
}
