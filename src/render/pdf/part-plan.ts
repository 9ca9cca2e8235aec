import {PDFArray, PDFDict, PDFName, PDFNumber} from 'pdf-lib'
import {extractPart, type PartRequest} from '../../pdf-file/extract-part.js'
import {
  elementsOfRole,
  leavesOf,
  readPieceStructure,
  type PieceStructure
} from '../../pdf-file/piece-structure.js'

/** How much lower the priority of the threads that cut parts is than the build's (in nice steps, of 40). */
export const partThreadNice = 10

/** Where a part stands in its piece, by anchors: what a thread needs to find its pages. */
export interface PartPlace {
  /** The anchor of its session: a session's part runs from it to the next session or the piece's end. */
  session: string
  /** A contribution: its anchor, and its place among the piece's contributions printed in full. */
  contribution?: {anchor: string; article: number}
  /** The anchor of the contribution whose part follows, where one does. */
  following?: string
}

/** The pages of a piece's parts, as indexes into its pages, and the size of its pages in points. */
export interface PiecePlan {
  size: {width: number; height: number}
  parts: {first: number; last: number}[]
}

/** What a part is cut with beside its pages: its numbers, metadata and bookmarks. */
export type PartCut = Omit<PartRequest, 'pages' | 'leaves' | 'stamp'>

/** A print read once, with its parts' pages found: kept until its parts are cut. */
export interface PlannedPiece {
  plan: PiecePlan
  structure: PieceStructure
  /** Each part's pages, and for a contribution found by its `<article>`, the marked content kept. */
  taken: {pages: number[]; leaves?: ReadonlySet<string>}[]
}

/**
 * Reads a print and finds the pages of each part. A contribution runs from
 * its first line to its last, found by its `<article>` element (a theme of
 * the forum's own may print contributions without one: each then runs from
 * its anchor to the next one's); a session from its anchor to the next
 * session's.
 */
export function planPiece(piece: Uint8Array, places: PartPlace[]): PlannedPiece {
  const structure = readPieceStructure(piece)
  const articles = elementsOfRole(structure, 'Art')
  const contributions = places.filter((place) => place.contribution).length
  const byArticle = articles.length === contributions ? articles : undefined
  const at = (anchor: string) => structure.destinations.get(anchor)?.page
  const taken = places.map((place) => {
    const sessionStart = at(place.session) ?? 0
    if (!place.contribution) return {pages: range(sessionStart, sessionEnd(structure, sessionStart))}
    const element = byArticle?.[place.contribution.article]
    const leaves = element && leavesOf(element)
    const onPages = [...(leaves ?? [])]
      .filter((leaf) => !leaf.startsWith('a:'))
      .map((leaf) => Number(leaf.split(':')[0]))
    const start = onPages.length ? Math.min(...onPages) : (at(place.contribution.anchor) ?? sessionStart)
    const next = place.following === undefined ? undefined : at(place.following)
    const end = onPages.length
      ? Math.max(...onPages)
      : Math.max(start, next ?? sessionEnd(structure, sessionStart))
    return {pages: range(start, end), leaves}
  })
  const plan = {
    size: pageSize(structure),
    parts: taken.map(({pages}) => ({first: pages[0]!, last: pages.at(-1)!}))
  }
  return {plan, structure, taken}
}

/**
 * Cuts each part of a planned print. `stamps` is the print of the parts'
 * citation lines, a page each in the parts' order: each page is drawn on its
 * part's first page, if Chromium printed each line on a page of its own, as
 * asked.
 */
export async function cutPlanned(
  {structure, taken}: PlannedPiece,
  stamps: Uint8Array | undefined,
  cuts: PartCut[]
): Promise<Uint8Array[]> {
  const stamped = stamps && readPieceStructure(stamps)
  const usable = stamped && stamped.pages.length === cuts.length ? stamped : undefined
  const parts: Uint8Array[] = []
  for (const [index, cut] of cuts.entries()) {
    const request: PartRequest = {...cut, ...taken[index]!}
    if (usable) request.stamp = {structure: usable, page: index}
    parts.push(await extractPart(structure, request))
  }
  return parts
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
function pageSize(structure: PieceStructure): {width: number; height: number} {
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
