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

  it('reads a concept note written in Spanish or French, its rounds in its own words', () => {
    const spanish = importConceptNote(
      'Objetivos:\n\n• Compartir.\n\nPreguntas orientadoras\n\nRonda 1\n1. ¿Uno?\nRonda 2\n• ¿Dos?\n'
    ).markdown
    expect(spanish).toContain('## Objetivos\n\n1. Compartir.\n')
    expect(spanish).toContain('### Ronda 1\n\n1. ¿Uno?\n\n### Ronda 2\n\n2. ¿Dos?\n')
    expect(contentOf(spanish)).toEqual({
      objectives: ['Compartir.'],
      mainQuestion: null,
      questions: [
        [1, 1, '¿Uno?'],
        [2, 2, '¿Dos?']
      ]
    })
    const french = importConceptNote(
      'Question principale\n\nPourquoi ?\n\nQuestions directrices\n\nTour 1\n1. Comment ?\n'
    ).markdown
    expect(contentOf(french)).toEqual({
      objectives: [],
      mainQuestion: 'Pourquoi ?',
      questions: [[1, 1, 'Comment ?']]
    })
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
    expect(withoutTitle.notes).toEqual([
      {line: 1, severity: 'warning', message: expect.stringContaining(titlePlaceholder)}
    ])
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
      {line: 1, severity: 'warning', message: expect.stringContaining('before the first known section')},
      {
        line: 5,
        severity: 'warning',
        message: expect.stringContaining('only list items are read as objectives')
      }
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

describe('importConceptNote on notes laid out differently', () => {
  const body = (text: string, title = 'T') =>
    importConceptNote(text, {title}).markdown.replace(/^---\n[^]*?\n---\n\n/, '')
  const page = (header: string, ...lines: string[]) => [header, '', ...lines, '']

  it('reads a note pasted from a PDF: running header and page numbers dropped, session line as title, lettered objectives, key questions', async () => {
    const text = await readFile(path.join(fixturesDir, 'import', 'financing-social-economy.txt'), 'utf8')
    const expected = await readFile(
      path.join(fixturesDir, 'import', 'financing-social-economy.expected.md'),
      'utf8'
    )
    const {markdown, notes} = importConceptNote(text)
    expect(markdown).toBe(expected)
    expect(notes.map(({line, severity}) => [line, severity])).toEqual([
      [1, 'info'],
      [3, 'info'],
      [17, 'info'],
      [29, 'info'],
      [37, 'info'],
      [57, 'info']
    ])
    expect(notes[0]?.message).toBe(
      'Dropped the line `Global Forum on the SSE — Concept note` on lines 1, 21 and 41, taken for a running header or footer: it starts or ends 3 pages. Check that it is not part of the text.'
    )
    expect(notes[1]?.message).toBe(
      'Took `Financing the social economy` for the session title, from the line `SESSION 3: Financing the social economy`: check `title:` in the front matter.'
    )
    expect(notes[2]?.message).toBe('Dropped the line `Page 1 of 3`, taken for a page number.')
    expect(notes[3]?.message).toBe(
      'Read `a)` to `c)` as lettered list items, written as a numbered list (the letters become numbers).'
    )

    const {file, session} = parse(markdown)
    expect(file.messages).toEqual([])
    expect(session.title).toBe('Financing the social economy')
    expect(session.objectives.map((objective) => objective.text)).toEqual([
      'To map the financial instruments available to SSE enterprises at local, national and international level.',
      'To share the experience of ethical banks and guarantee funds that lend to cooperatives and social enterprises.',
      'To identify what public authorities can do to make finance reach the enterprises that need it most.'
    ])
    expect(session.mainQuestion?.text).toBe('How can finance reach the SSE enterprises that need it most?')
    expect(session.questions.map((question) => question.number)).toEqual([1, 2, 3])
  })

  it('reads a note with form feeds between pages and a footer on each', async () => {
    const text = await readFile(path.join(fixturesDir, 'import', 'local-development.txt'), 'utf8')
    const {markdown, notes} = importConceptNote(text)
    expect(markdown).not.toContain('GSEF 2021')
    expect(notes.map((note) => note.message)).toEqual([
      expect.stringContaining('Took `Local development and the SSE` for the session title'),
      expect.stringContaining(
        'Dropped the line `GSEF 2021 | Local development and the SSE` on lines 9, 22 and 31'
      ),
      expect.stringContaining('Read `(a)` to `(b)` as lettered list items'),
      expect.stringContaining('Read `a.` to `c.` as lettered list items')
    ])
    const content = contentOf(markdown)
    expect(content.objectives).toHaveLength(2)
    expect(
      content.questions.map(([number, round, text]) => [number, round, String(text).slice(0, 20)])
    ).toEqual([
      [1, null, 'Which local plans fo'],
      [2, null, 'How can a small muni'],
      [3, null, 'What do social enter']
    ])
  })

  it('drops a running header of two lines', () => {
    const header = ['Global Forum on the SSE', 'Concept note, 5 October 2021', '']
    const text = [
      ...header,
      'Summary',
      'The forum asks how',
      '',
      '1',
      ...header,
      'local work meets global aims.',
      '',
      '2',
      ...header,
      'It closes the series.'
    ].join('\n')
    const {markdown, notes} = importConceptNote(text, {title: 'T'})
    expect(markdown).toBe(
      '---\ntitle: "T"\n---\n\n## Summary\n\nThe forum asks how local work meets global aims.\n\nIt closes the series.\n'
    )
    expect(notes.filter((note) => /running header/.test(note.message)).map((note) => note.line)).toEqual([
      1, 2
    ])
  })

  it('keeps a line the text repeats, also where one of them starts a page', () => {
    const text = [
      ...page('Summary', 'Who pays for the social economy?', 'The session answers it.'),
      'Page 1 of 2',
      ...page('Who pays for the social economy?', 'It is asked again here.'),
      'Page 2 of 2'
    ].join('\n')
    const {markdown, notes} = importConceptNote(text, {title: 'T'})
    expect(markdown.match(/Who pays for the social economy\?/g)).toHaveLength(2)
    expect(notes.map((note) => note.message)).toEqual([
      'Dropped the line `Page 1 of 2`, taken for a page number.',
      'Dropped the line `Page 2 of 2`, taken for a page number.'
    ])
  })

  it('keeps headings and list items that start two pages, and a line next to two breaks of one short page', () => {
    const text = [
      'Objectives',
      '• To share.',
      '',
      '',
      '',
      '• To share.',
      '2',
      'Guiding questions',
      'Round 1',
      '1. Why?',
      '3',
      'Round 1',
      'Short page.',
      '4'
    ].join('\n')
    const {markdown, notes} = importConceptNote(text, {title: 'T'})
    expect(notes.filter((note) => /running header/.test(note.message))).toEqual([])
    expect(contentOf(markdown).objectives).toEqual(['To share.', 'To share.'])
    expect(markdown).toContain('### Round 1\n\n1. Why?\n\n### Round 1\n\nShort page.')
  })

  it('reads lettered items a), b., (c) and A) in turn, and a letter out of turn as text', () => {
    expect(body('Objectives\n\na) To share.\nb) To learn.\n')).toBe(
      '## Objectives\n\n1. To share.\n2. To learn.\n'
    )
    expect(body('Objectives\n\n(a) To share.\n(b) To learn.\n(c) To act.\n')).toBe(
      '## Objectives\n\n1. To share.\n2. To learn.\n3. To act.\n'
    )
    expect(body('Objectives\n\nA) To share.\nB) To learn.\n')).toBe(
      '## Objectives\n\n1. To share.\n2. To learn.\n'
    )
    expect(body('Concept note\n\nThe forum met in\nb. 2021, and again.\n')).toBe(
      '## Concept note\n\nThe forum met in b. 2021, and again.\n'
    )
    expect(body('Concept note\n\nA. Smith opens the session.\n')).toBe(
      '## Concept note\n\nA. Smith opens the session.\n'
    )
    const {notes} = importConceptNote('Concept note\n\nWe will:\na. meet;\nb. talk.\n', {title: 'T'})
    expect(notes).toEqual([
      {line: 4, severity: 'info', message: expect.stringContaining('written as a bulleted list')}
    ])
  })

  it('reads "Key questions" and "Questions for discussion" as the guiding questions', () => {
    for (const heading of ['Key questions', 'Questions for discussion:', 'QUESTIONS FOR THE DISCUSSION']) {
      const {markdown, notes} = importConceptNote(`${heading}\n\n1. Why?\n2. How?\n`, {title: 'T'})
      expect(notes, heading).toEqual([])
      expect(contentOf(markdown).questions, heading).toEqual([
        [1, null, 'Why?'],
        [2, null, 'How?']
      ])
    }
  })

  it('takes a first line "SESSION 3: …" for the title, and drops it when a title is given', () => {
    const text = 'SESSION 3: Financing the social economy\n\nSummary\nText.\n'
    const taken = importConceptNote(text)
    expect(taken.markdown).toBe('---\ntitle: "Financing the social economy"\n---\n\n## Summary\n\nText.\n')
    expect(taken.notes).toEqual([
      {line: 1, severity: 'info', message: expect.stringContaining('Took `Financing the social economy`')}
    ])
    const given = importConceptNote(text, {title: 'Finance'})
    expect(given.markdown).toBe('---\ntitle: "Finance"\n---\n\n## Summary\n\nText.\n')
    expect(given.notes[0]?.message).toMatch(/^Dropped the line `SESSION 3: Financing the social economy`/)
    for (const first of ['Session notes follow.', 'SESSION 3: Summary', 'Sessions: three of them']) {
      expect(importConceptNote(`${first}\n\nSummary\nText.\n`).markdown, first).toMatch(
        /^---\ntitle: "TODO: session title"/
      )
    }
  })
})
