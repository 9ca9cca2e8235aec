import type {Proceedings, SessionProceedings} from '../../model/types.js'

/** A piece of the volume printed on its own: the front matter, one session, or the indexes. */
export interface Piece {
  front: boolean
  sessions: SessionProceedings[]
  indexes: boolean
  anchors: string[]
}

/**
 * Small sessions share a piece: each print has a fixed cost, and short
 * documents print fast anyway. A session is never split.
 */
const contributionsPerPiece = 100

export function splitIntoPieces(proceedings: Proceedings): Piece[] {
  const front = ['contents-title', ...(proceedings.forum.foreword.atRoot ? ['foreword-title'] : [])]
  const groups: SessionProceedings[][] = []
  for (const session of proceedings.sessions) {
    const last = groups.at(-1)
    const size = (list: SessionProceedings[]) =>
      list.reduce((sum, item) => sum + item.contributions.length, 0)
    if (last && size(last) + session.contributions.length <= contributionsPerPiece) last.push(session)
    else groups.push([session])
  }
  return [
    {front: true, sessions: [], indexes: false, anchors: front},
    ...groups.map((sessions) => ({
      front: false,
      sessions,
      indexes: false,
      anchors: sessions.flatMap((session) => [
        session.anchor,
        ...session.groups.flatMap((group) => [
          group.anchor,
          ...group.entries.filter((entry) => entry.full).map((entry) => entry.contribution.anchor)
        ])
      ])
    })),
    {front: false, sessions: [], indexes: true, anchors: ['indexes', 'speakers-title', 'countries-title']}
  ]
}

export function describePiece(piece: Piece): string {
  if (piece.front) return 'the cover and contents'
  if (piece.indexes) return 'the indexes'
  return `session${piece.sessions.length === 1 ? '' : 's'} ${piece.sessions.map(({session}) => `\`${session.id}\``).join(', ')}`
}
