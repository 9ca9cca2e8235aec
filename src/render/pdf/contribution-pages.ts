import type {PageRange} from '../cite/csl-items.js'
import type {PageLabels} from './piece-cache.js'
import type {Piece} from './pieces.js'

/**
 * The pages of each contribution in the volume, by its anchor: from the page
 * its title stands on to the page the next thing in print order (a
 * contribution, a group heading) starts on, or the last page of its session,
 * as sessions start on a new page. A contribution followed by one starting at
 * the top of a page is given one page too many.
 */
export function contributionPages(
  pieces: Piece[],
  labels: PageLabels,
  sessionEnds: ReadonlyMap<string, number>,
  frontPages: number
): Map<string, PageRange> {
  const pages = new Map<string, PageRange>()
  for (const piece of pieces) {
    if (piece.front || piece.indexes) continue
    for (const session of piece.sessions) {
      const order = [
        ...session.groups.flatMap((group) => [
          group.anchor,
          ...group.entries.filter((entry) => entry.full).map((entry) => entry.contribution.anchor)
        ])
      ]
      const end = sessionEnds.get(session.anchor)
      order.forEach((anchor, index) => {
        if (!anchor.startsWith('c:')) return
        const first = labels[anchor]
        if (first === undefined) return
        const following = order.slice(index + 1).find((next) => labels[next] !== undefined)
        const last = following === undefined ? end : Number(labels[following])
        pages.set(anchor, {
          first,
          last: String(Math.max(Number(first), last ?? Number(first))),
          sheet: frontPages + Number(first)
        })
      })
    }
  }
  return pages
}
