import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {parseSession} from '../../src/model/parse-session.js'
import {repoDir} from '../helpers/fixtures.js'
import {messagesOf, virtualFile, virtualRoot} from '../helpers/virtual-file.js'

async function exampleSession(id: string) {
  const source = `sessions/${id}.md`
  const file = virtualFile(source, await readFile(path.join(repoDir, 'content', source), 'utf8'), 'session')
  return {file, session: parseSession(file, virtualRoot, 'en')}
}

describe('parseSession on the example concept notes', () => {
  it('reads the first seed: numbered objectives, a main question, ten questions in two rounds', async () => {
    const {file, session} = await exampleSession('intercooperation-alliances')
    expect(file.messages).toEqual([])
    expect(session?.objectives.map((objective) => objective.number)).toEqual([1, 2, 3, 4])
    expect(session?.objectives[0]?.text).toBe(
      'Recognize the importance of developing global alliances for the promotion of the Social and Solidarity Economy.'
    )
    expect(session?.mainQuestion?.text).toMatch(
      /^What should be the actions or strategies of individuals, governments, groups, societies, countries, to achieve a better and more inclusive world\? What key actions should be promoted from the local level\?$/
    )
    expect(session?.questions.map((question) => [question.number, question.round])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 1],
      [6, 2],
      [7, 2],
      [8, 2],
      [9, 2],
      [10, 2]
    ])
    expect(session?.questions[7]?.text).toBe(
      'What is the role of international organizations such as the OECD, EC, ILO, UNTFSSE among others in these efforts?'
    )
    expect(session?.summary).toMatch(/^Building alliance at local, regional, and international levels/)
  })

  it('reads the second seed: bulleted objectives and questions, headings with `:` and `.`, no main question', async () => {
    const {file, session} = await exampleSession('local-to-global')
    expect(file.messages).toEqual([])
    expect(session?.objectives).toHaveLength(4)
    expect(session?.objectives[3]?.text).toMatch(/^To share reflections and debates from previous sessions/)
    expect(session?.mainQuestion).toBeNull()
    expect(session?.questions.map((question) => [question.number, question.round])).toEqual([
      [1, 1],
      [2, 1],
      [3, 2],
      [4, 2]
    ])
    expect(session?.sections.map((section) => section.kind)).toEqual([
      'summary',
      'concept-note',
      'objectives',
      'guiding-questions'
    ])
  })
})

describe('parseSession', () => {
  const note = (body: string) => virtualFile('sessions/s.md', `---\ntitle: S\n---\n${body}`, 'session')

  it('numbers questions across rounds and keeps questions without rounds at round null', () => {
    const session = parseSession(note('## Questions\n\n- One?\n- Two?\n'), virtualRoot, 'en')
    expect(session?.questions.map((question) => [question.number, question.round, question.text])).toEqual([
      [1, null, 'One?'],
      [2, null, 'Two?']
    ])
  })

  it('recognises heading synonyms case-insensitively and keeps unknown sections in place', () => {
    const session = parseSession(
      note(
        '# S\n\n## BACKGROUND:\n\nText.\n\n## Annex\n\nMore.\n\n## Central question.\n\nWhy?\n\n## Discussion questions\n\n### round 3\n\n1. Q?\n'
      ),
      virtualRoot,
      'en'
    )
    expect(session?.sections.map((section) => [section.kind, section.heading])).toEqual([
      ['concept-note', 'BACKGROUND:'],
      ['other', 'Annex'],
      ['main-question', 'Central question.'],
      ['guiding-questions', 'Discussion questions']
    ])
    expect(session?.mainQuestion?.text).toBe('Why?')
    expect(session?.questions[0]?.round).toBe(3)
  })

  it('reads key questions and questions for discussion as guiding questions', () => {
    for (const heading of ['Key questions', 'Questions for discussion:', 'Questions for the discussion']) {
      const session = parseSession(note(`## ${heading}\n\n1. Why?\n`), virtualRoot, 'en')
      expect(
        session?.sections.map((section) => section.kind),
        heading
      ).toEqual(['guiding-questions'])
      expect(
        session?.questions.map((question) => question.text),
        heading
      ).toEqual(['Why?'])
    }
  })

  it('keeps sub-headings inside a known section', () => {
    const session = parseSession(
      note('## Concept note\n\nIntro.\n\n### A detail\n\nDetail.\n'),
      virtualRoot,
      'en'
    )
    expect(session?.sections).toHaveLength(1)
    expect(session?.sections[0]?.body.atRoot).toContain('<h3>A detail</h3>')
  })

  it('takes the id from the file name unless the front matter sets one', () => {
    expect(parseSession(note(''), virtualRoot, 'en')?.id).toBe('s')
    const file = virtualFile('sessions/My Session.md', '---\ntitle: T\n---\n', 'session')
    expect(parseSession(file, virtualRoot, 'en')?.id).toBe('My-Session')
    const named = virtualFile('sessions/x.md', '---\ntitle: T\nid: plenary\n---\n', 'session')
    expect(parseSession(named, virtualRoot, 'en')?.id).toBe('plenary')
  })

  it('warns about an objectives section without a list, at its heading', () => {
    const file = note('## Objectives\n\nTo do things.\n')
    parseSession(file, virtualRoot, 'en')
    expect(messagesOf(file)).toEqual(['4:1 warning no-list'])
  })
})
