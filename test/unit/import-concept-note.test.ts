import {readFile} from 'node:fs/promises'
import path from 'node:path'
import fc from 'fast-check'
import {toString} from 'mdast-util-to-string'
import {describe, expect, it} from 'vitest'
import type {VFile} from 'vfile'
import {importConceptNote, titlePlaceholder} from '../../src/import/import-concept-note.js'
import {parseMarkdown} from '../../src/model/markdown.js'
import {normalizeHeading, parseSession} from '../../src/model/parse-session.js'
import {fixturesDir, repoDir} from '../helpers/fixtures.js'
import {virtualFile, virtualRoot} from '../helpers/virtual-file.js'

/** Parses a concept note with the project's own parser. */
function parse(markdown: string, source = 'sessions/s.md') {
  const file = virtualFile(source, markdown, 'session')
  const session = parseSession(file, virtualRoot, 'en')
  if (!session) throw new Error(`Not a concept note: ${file.messages.join('\n')}`)
  return {file, session}
}

/** What a concept note says: objectives, main question, questions with their rounds. */
function contentOf(markdown: string, source?: string) {
  const {session} = parse(markdown, source)
  return {
    objectives: session.objectives.map((objective) => objective.text),
    mainQuestion: session.mainQuestion?.text ?? null,
    questions: session.questions.map((question) => [question.number, question.round, question.text])
  }
}

/** The plain text of each paragraph under the `##` headings matching `heading`. */
function paragraphsUnder(file: VFile, heading: RegExp): string[] {
  const found: string[] = []
  let inside = false
  for (const node of parseMarkdown(file).children) {
    if (node.type === 'heading' && node.depth === 2) inside = heading.test(normalizeHeading(node))
    else if (inside && node.type === 'paragraph') found.push(toString(node))
  }
  return found
}

const summary = /^summary$/
const conceptNote = /^(concept note|background|context)$/

describe('importConceptNote on the seeds of the example content', () => {
  for (const id of ['intercooperation-alliances', 'local-to-global']) {
    it(`reads ${id}.txt as the example's concept note`, async () => {
      const source = `sessions/${id}.md`
      const example = await readFile(path.join(repoDir, 'content', source), 'utf8')
      const seed = await readFile(path.join(fixturesDir, 'seeds', `${id}.txt`), 'utf8')
      const expected = parse(example, source)

      const imported = importConceptNote(seed, {title: expected.session.title, id})
      expect(imported.notes).toEqual([])
      const actual = parse(imported.markdown)
      expect(actual.file.messages).toEqual([])
      expect(actual.session.id).toBe(id)
      expect(actual.session.title).toBe(expected.session.title)
      expect(contentOf(imported.markdown)).toEqual(contentOf(example, source))
      expect(paragraphsUnder(actual.file, summary)).toEqual(paragraphsUnder(expected.file, summary))
      expect(paragraphsUnder(actual.file, conceptNote)).toEqual(paragraphsUnder(expected.file, conceptNote))
      expect(paragraphsUnder(actual.file, summary).join('\n\n')).toBe(expected.session.summary)
    })

    it(`writes ${id}.txt byte for byte as it always has`, async () => {
      const seed = await readFile(path.join(fixturesDir, 'seeds', `${id}.txt`), 'utf8')
      const expected = await readFile(path.join(fixturesDir, 'seeds', `${id}.expected.md`), 'utf8')
      const imported = importConceptNote(seed)
      expect(imported.markdown).toBe(expected)
      expect(imported.notes.map((note) => note.message)).toEqual([expect.stringContaining(titlePlaceholder)])
    })
  }
})

describe('importConceptNote', () => {
  const body = (text: string) =>
    importConceptNote(text, {title: 'T'}).markdown.replace(/^---\n[^]*?\n---\n\n/, '')

  it('writes bulleted objectives as a numbered list', () => {
    expect(body('Objectives:\n\n• To share.\n\n•To learn.\n')).toBe(
      '## Objectives\n\n1. To share.\n2. To learn.\n'
    )
  })

  it('writes rounds as headings and numbers the questions across them', () => {
    const markdown = importConceptNote(
      'Guiding questions\n\nRound 1.\n1. One?\n2. Two?\nRound 2\n• Three?\n'
    ).markdown
    expect(markdown).toContain('### Round 1\n\n1. One?\n2. Two?\n\n### Round 2\n\n3. Three?\n')
    expect(contentOf(markdown).questions).toEqual([
      [1, 1, 'One?'],
      [2, 1, 'Two?'],
      [3, 2, 'Three?']
    ])
  })

  it('joins a list item wrapped over blank lines, and ends it at a new sentence after a blank line', () => {
    const text =
      'Objectives\n\n1. To promote inter-\n\ncooperation networks for\n\nSustainable Development.\n\n2. To ask why? And how?\n\nThese guide the session.\n'
    expect(body(text)).toBe(
      '## Objectives\n\n1. To promote inter-cooperation networks for Sustainable Development.\n2. To ask why? And how?\n\nThese guide the session.\n'
    )
  })

  it('joins a paragraph across page-break debris until a finished sentence meets a new one', () => {
    const text =
      'Summary\nThe forum asks how\n\n \n\t\n\nlocal work meets global aims.\nIt closes the series.\n'
    expect(body(text)).toBe(
      '## Summary\n\nThe forum asks how local work meets global aims.\n\nIt closes the series.\n'
    )
  })

  it('writes a placeholder title and a note when no title is given, and the id when one is', () => {
    const withoutTitle = importConceptNote('Summary\nText.\n')
    expect(withoutTitle.markdown).toMatch(/^---\ntitle: "TODO: session title"\n---\n/)
    expect(withoutTitle.notes).toEqual([{line: 1, message: expect.stringContaining(titlePlaceholder)}])
    const withTitle = importConceptNote('Summary\nText.\n', {title: 'A: "quoted" title', id: '2021'})
    expect(withTitle.notes).toEqual([])
    expect(parse(withTitle.markdown).session).toMatchObject({title: 'A: "quoted" title', id: '2021'})
  })

  it('reads CRLF and CR input as LF input', () => {
    const text = '\uFEFFSummary\n\nA first\nline.\n\nObjectives\n1. To share.\n'
    expect(importConceptNote(text.replace(/\n/g, '\r\n'))).toEqual(importConceptNote(text))
    expect(importConceptNote(text.replace(/\n/g, '\r'))).toEqual(importConceptNote(text))
  })

  it('keeps what it cannot classify and says so, with the line', () => {
    const text = 'A forum session\n\nSummary\nText.\n\nExpected results\nA better world.\n\n3\n\nRound 1\n'
    const {markdown, notes} = importConceptNote(text, {title: 'T'})
    expect(markdown).toContain(
      '## Summary\n\nText.\n\n## Expected results\n\nA better world.\n\n### Round 1\n'
    )
    expect(notes.map((note) => note.line)).toEqual([1, 6, 9, 11])
    expect(notes[0]?.message).toMatch(/`A forum session` looks like a heading/)
    expect(notes[1]?.message).toMatch(/`Expected results` looks like a heading but is not a known section/)
    expect(notes[2]?.message).toMatch(/page number/)
    expect(notes[3]?.message).toMatch(/outside a guiding questions section/)
  })

  it('reports paragraphs among objectives and text before the first section', () => {
    const {notes} = importConceptNote(
      'Welcome to the session, everyone.\n\nObjectives\n\nTo share what works.\n',
      {title: 'T'}
    )
    expect(notes).toEqual([
      {line: 1, message: expect.stringContaining('before the first known section')},
      {line: 5, message: expect.stringContaining('only list items are read as objectives')}
    ])
  })

  it('keeps Markdown characters and web addresses in the text as text', () => {
    const text =
      'Concept note\n\n# of *members* in [brackets] <b>and</b> `code` \\ ~~struck~~.\n\n2021. See https://example.org/some_page or a_b@c.org.\n'
    const {file} = parse(importConceptNote(text, {title: 'T'}).markdown)
    expect(paragraphsUnder(file, conceptNote)).toEqual([
      '# of *members* in [brackets] <b>and</b> `code` \\ ~~struck~~.',
      '2021. See https://example.org/some_page or a_b@c.org.'
    ])
  })

  describe('keeps any text of a line as its plain text', () => {
    // Markdown's own characters are drawn often: random Unicode would almost never hit them.
    const unit = fc.oneof(
      fc.constantFrom(...'\\`*_[]<>~&#;:!()|-+=. 1', 'amp', 'x41', 'www.a.org', 'https://a.org', 'a@b.org'),
      fc.string({unit: 'grapheme', minLength: 1, maxLength: 1})
    )
    const line = fc.string({unit, maxLength: 40}).filter((text) => !/[\r\n\0]/.test(text))
    const fold = (text: string) => text.replace(/\s+/g, ' ').trim()

    it('in a paragraph', () => {
      fc.assert(
        fc.property(line, (text) => {
          const {file} = parse(importConceptNote(`Concept note\nText ${text}.\n`).markdown)
          expect(paragraphsUnder(file, conceptNote)).toEqual([fold(`Text ${text}.`)])
        }),
        {numRuns: 300}
      )
    })

    it('in a list item', () => {
      fc.assert(
        fc.property(line, (text) => {
          expect(contentOf(importConceptNote(`Objectives\n•${text}\n`).markdown).objectives).toEqual([
            fold(text)
          ])
        }),
        {numRuns: 300}
      )
    })
  })

  it('always writes a concept note the parser reads, whatever the text', () => {
    const fragment = fc.oneof(
      fc.constantFrom(
        'Summary',
        'Objectives:',
        'Guiding questions',
        'Round 1',
        'Round 2.',
        '• ',
        '1. ',
        '- ',
        'Why?',
        'inter-',
        '',
        ' ',
        '3'
      ),
      fc.string({unit: 'grapheme', maxLength: 40})
    )
    const text = fc
      .array(
        fc.array(fragment, {maxLength: 3}).map((parts) => parts.join('')),
        {maxLength: 20}
      )
      .map((lines) => lines.join('\n'))
    fc.assert(
      fc.property(text, (input) => {
        const {file} = parse(importConceptNote(input).markdown)
        expect(file.messages.filter((message) => message.fatal)).toEqual([])
      }),
      {numRuns: 300}
    )
  })
})
