import {describe, expect, it} from 'vitest'
import {groupSession} from '../../src/model/group-session.js'
import {contributionComparator} from '../../src/model/sort-contributions.js'
import type {Contribution, Question, Session} from '../../src/model/types.js'

const empty = {atRoot: '', inFolder: '', assets: []}
const question = (number: number, round: number | null = null): Question => ({
  number,
  round,
  text: `Q${number}?`,
  html: empty
})

const session: Session = {
  id: 's',
  title: 'S',
  date: undefined,
  order: undefined,
  moderators: [],
  summary: '',
  sections: [],
  objectives: [1, 2].map((number) => ({number, text: `O${number}`, html: empty})),
  mainQuestion: {text: 'Main?', html: empty},
  questions: [question(1, 1), question(2, 1), question(3, 2)],
  source: 'sessions/s.md',
  version: '000000000000'
}

function contribution(id: string, fields: Partial<Contribution> = {}): Contribution {
  return {
    id,
    title: id,
    sessionId: 's',
    speakers: [{name: 'X'}],
    objectives: [],
    questions: [],
    type: 'intervention',
    language: 'en',
    date: undefined,
    order: undefined,
    draft: false,
    version: '000000000000',
    doi: undefined,
    abstract: undefined,
    keywords: [],
    body: empty,
    source: `contributions/${id}.md`,
    anchor: `c:${id}`,
    ...fields
  }
}

const summarize = (grouped: ReturnType<typeof groupSession>) =>
  grouped.groups.map((group) => [
    group.kind === 'question' ? group.question?.number : group.kind,
    group.entries.map((entry) => `${entry.contribution.id}${entry.full ? '' : ' (see)'}`)
  ])

describe('groupSession', () => {
  it('prints a contribution once under its first question in display order and refers to it elsewhere', () => {
    const grouped = groupSession(session, [
      contribution('a', {questions: [3, 1]}),
      contribution('b', {questions: [2]})
    ])
    expect(summarize(grouped)).toEqual([
      [1, ['a']],
      [2, ['b']],
      [3, ['a (see)']],
      ['main', []]
    ])
    expect(grouped.contributions.map((item) => item.id)).toEqual(['a', 'b'])
  })

  it('puts main, untagged and synthesis contributions in their groups, in that order, after the questions', () => {
    const grouped = groupSession(session, [
      contribution('syn', {type: 'synthesis', questions: [1]}),
      contribution('main', {questions: ['main']}),
      contribution('loose')
    ])
    expect(summarize(grouped)).toEqual([
      [1, ['syn (see)']],
      [2, []],
      [3, []],
      ['main', ['main']],
      ['other', ['loose']],
      ['synthesis', ['syn']]
    ])
    expect(grouped.contributions.map((item) => item.id)).toEqual(['main', 'loose', 'syn'])
  })

  it('has no main group when the session has no main question', () => {
    const grouped = groupSession({...session, mainQuestion: null}, [])
    expect(grouped.groups.map((group) => group.kind)).toEqual(['question', 'question', 'question'])
  })

  it('indexes objectives to the contributions that serve them, in display order', () => {
    const grouped = groupSession(session, [
      contribution('late', {questions: [2], objectives: [1]}),
      contribution('early', {questions: [1], objectives: [1, 2]})
    ])
    expect(
      grouped.objectives.map((entry) => [entry.objective.number, entry.contributions.map((item) => item.id)])
    ).toEqual([
      [1, ['early', 'late']],
      [2, ['early']]
    ])
  })
})

describe('contributionComparator', () => {
  it('sorts by order, then date, then title, with missing values last', () => {
    const sorted = [
      contribution('no-order-b', {title: 'B'}),
      contribution('dated-late', {date: '2024-02-01'}),
      contribution('second', {order: 2}),
      contribution('no-order-a', {title: 'A'}),
      contribution('first', {order: 1, date: '2030-01-01'}),
      contribution('dated-early', {date: '2024-01-01'})
    ].sort(contributionComparator('en'))
    expect(sorted.map((item) => item.id)).toEqual([
      'first',
      'second',
      'dated-early',
      'dated-late',
      'no-order-a',
      'no-order-b'
    ])
  })
})
