import {describe, expect, it} from 'vitest'
import type {Contribution, Group, SessionProceedings} from '../../src/model/types.js'
import {contributionPages} from '../../src/render/pdf/contribution-pages.js'
import type {Piece} from '../../src/render/pdf/pieces.js'

const contribution = (id: string) => ({anchor: `c:${id}`}) as Contribution
const group = (anchor: string, ids: string[], seeAlso: string[] = []): Group => ({
  kind: 'question',
  question: undefined,
  anchor,
  entries: [
    ...ids.map((id) => ({contribution: contribution(id), full: true})),
    ...seeAlso.map((id) => ({contribution: contribution(id), full: false}))
  ],
  references: seeAlso.map(contribution)
})

describe('the pages of each contribution in the volume', () => {
  it('runs from the page its title stands on to the page the next thing starts on, or its session ends', () => {
    const session = {
      anchor: 's:s',
      groups: [group('s:s:q1', ['a', 'b'], ['d']), group('s:s:q2', []), group('s:s:q3', ['c'])]
    } as unknown as SessionProceedings
    const pieces: Piece[] = [
      {front: true, sessions: [], indexes: false, anchors: ['contents-title']},
      {front: false, sessions: [session], indexes: false, anchors: []},
      {front: false, sessions: [], indexes: true, anchors: ['indexes']}
    ]
    const labels = {'s:s:q1': '1', 'c:a': '1', 'c:b': '3', 's:s:q2': '5', 's:s:q3': '5', 'c:c': '6'}
    const pages = contributionPages(pieces, labels, new Map([['s:s', 9]]), 4)
    expect(Object.fromEntries(pages)).toEqual({
      'c:a': {first: '1', last: '3', sheet: 5},
      // Up to the next group's heading, on the page it starts on.
      'c:b': {first: '3', last: '5', sheet: 7},
      // The last of its session runs to the session's last page.
      'c:c': {first: '6', last: '9', sheet: 10}
    })
  })
})
