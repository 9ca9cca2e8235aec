import {readFile, readdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {runCli} from '../helpers/cli.js'
import {copyFixtures} from '../helpers/fixtures.js'
import {readHtml, select, selectAll, text} from '../helpers/html.js'
import {getDocument} from 'pdfjs-dist/legacy/build/pdf.mjs'
import {danglingReferences, readPdf, type PdfReading} from '../helpers/pdf.js'

interface Manifest {
  sessions: {
    id: string
    title: string
    questions: {number: number; text: string; contributions: string[]}[]
    contributions: {id: string; title: string; speakers: {name: string}[]}[]
  }[]
}

let dir: string
let pdf: PdfReading
let manifest: Manifest

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

beforeAll(async () => {
  dir = await copyFixtures('basic')
  const result = await runCli(['build', '.'], {cwd: dir})
  expect(result.code).toBe(0)
  pdf = await readPdf(path.join(dir, 'dist/proceedings.pdf'))
  manifest = JSON.parse(await readFile(path.join(dir, 'dist/proceedings.json'), 'utf8'))
})

/** Pages of the front matter: the cover and contents, numbered i, ii… */
const frontPages = () => pdf.pages.findIndex((page) => page.text.includes('Alpha summary text.'))

/** The contents' text (pages 2 up to the first session) and the page number it gives after an entry. */
function contentsPage(entry: string): number {
  const contents = pdf.pages
    .slice(1, frontPages())
    .map((page) => page.text)
    .join(' ')
  const match = new RegExp(`${escape(entry)} (\\d+)`).exec(contents)
  if (!match) throw new Error(`Not in the contents: ${entry}`)
  return Number(match[1])
}

/** The page printed with this number, counting from the first session's first page. */
function printedPage(number: number) {
  return pdf.pages[frontPages() + number - 1]
}

describe('the printed volume', () => {
  it('gives in the contents the true page of every session, question group and contribution', () => {
    for (const session of manifest.sessions) {
      const page = contentsPage(
        session.title + ' ' + (session.id === 'alpha' ? 'March 1, 2024' : 'March 2, 2024')
      )
      expect(printedPage(page)?.text).toContain(session.title)
      for (const question of session.questions.filter((item) => item.contributions.length > 0)) {
        const groupPage = contentsPage(`Question ${question.number}: ${question.text}`)
        expect(printedPage(groupPage)?.text).toMatch(new RegExp(`Question ${question.number}\\b`))
        expect(printedPage(groupPage)?.text).toContain(question.text)
      }
      for (const contribution of session.contributions) {
        const entry = `${contribution.title} ${contribution.speakers.map((speaker) => speaker.name).join(', ')}`
        const page = contentsPage(entry)
        expect(printedPage(page)?.text, `${contribution.title} on page ${page}`).toContain(contribution.title)
        expect(printedPage(page)?.text).toContain(contribution.speakers[0]!.name)
      }
    }
  })

  it('links every contents entry to its place inside the volume', () => {
    const links = pdf.pages.slice(1, frontPages()).flatMap((page) => page.links)
    const entries = manifest.sessions.reduce(
      (count, session) =>
        count +
        1 +
        session.contributions.length +
        session.questions.filter((question) => question.contributions.length > 0).length,
      0
    )
    expect(links.length).toBeGreaterThanOrEqual(entries)
    expect(links.filter((link) => link.url !== undefined)).toEqual([])
    expect(links.every((link) => link.dest !== undefined && link.dest !== null)).toBe(true)
  })

  it('numbers every page but the cover at the foot: the front matter in roman numerals, then from 1 at the first session', () => {
    const foot = (index: number) =>
      pdf.pages[index]!.runs.filter((run) => run.y < 70)
        .map((run) => run.text.trim())
        .join(' ')
        .trim()
    const front = frontPages()
    expect(front).toBeGreaterThan(1)
    expect(foot(0)).not.toMatch(/^[\divx]+$/)
    const expected = pdf.pages.map((_, index) =>
      index < front ? ['i', 'ii', 'iii', 'iv', 'v', 'vi'][index]! : String(index - front + 1)
    )
    for (let index = 1; index < pdf.pages.length; index++)
      expect(foot(index), `page ${index + 1}`).toBe(expected[index])
    // A PDF viewer shows the same numbers.
    expect(pdf.labels).toEqual(expected)
  })

  it('runs the forum title and the current session title at the head of the pages', () => {
    const heads = (page: {runs: {y: number; text: string}[]}) =>
      page.runs
        .filter((run) => run.y > 770)
        .map((run) => run.text)
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim()
    const alpha = contentsPage('Alpha session March 1, 2024')
    const beta = contentsPage('Beta session March 2, 2024')
    expect(heads(pdf.pages[0]!)).toBe('')
    expect(heads(pdf.pages[1]!)).toBe('Test Forum on Cooperation')
    for (let page = alpha; page < beta; page++)
      expect(heads(printedPage(page)!)).toBe('Test Forum on Cooperation Alpha session')
    expect(heads(printedPage(beta)!)).toBe('Test Forum on Cooperation Beta session')
  })

  it('starts each session on a new page', () => {
    const beta = contentsPage('Beta session March 2, 2024')
    const body = printedPage(beta)!
      .runs.filter((run) => run.y <= 770 && run.y >= 70)
      .map((run) => run.text)
      .join('')
      .trim()
    expect(body).toMatch(/^March 2, 2024\s*Beta session/)
    expect(printedPage(beta - 1)!.text).not.toContain('Beta')
  })

  it('has bookmarks nested session, question group, contribution', () => {
    const alpha = pdf.outline.find((item) => item.title === 'Alpha session')
    expect(pdf.outline.map((item) => item.title)).toEqual([
      'Contents',
      'Foreword',
      'Alpha session',
      'Beta session',
      'Indexes'
    ])
    expect(alpha?.items.map((item) => [item.title, item.items.map((child) => child.title)])).toEqual([
      [
        'Question 1: Alpha question one?',
        ['Zeta first on question one', 'Second on question one', 'Answering one and three']
      ],
      ['Question 2: Alpha question two?', []],
      ['Question 3: Alpha question three?', []],
      ['Main question', ['On the main question']],
      ['Other contributions', ['A note with no question']],
      ['Synthesis', ['Alpha synthesis']]
    ])
  })

  it('aligns each table column as the Markdown says: left, centred, right', () => {
    const page = pdf.pages.find((item) => item.text.includes('Occitanie du Sud'))!
    const header = page.runs.find((item) => item.text.trim() === 'Pays')!
    const cell = (value: string) => {
      const run = page.runs.find((item) => item.text.trim() === value && item.y <= header.y + 1)
      if (!run) throw new Error(`No run ${value}`)
      return {left: run.x, centre: run.x + run.width / 2, right: run.x + run.width}
    }
    const [pays, france, perou] = [cell('Pays'), cell('France'), cell('Pérou')]
    const [region, occitanie, cusco] = [cell('Région'), cell('Occitanie du Sud'), cell('Cusco')]
    const [cooperatives, twelve, many] = [cell('Coopératives'), cell('12'), cell('1402')]
    expect(france.left).toBeCloseTo(pays.left, 0)
    expect(perou.left).toBeCloseTo(pays.left, 0)
    expect(occitanie.centre).toBeCloseTo(region.centre, 0)
    expect(cusco.centre).toBeCloseTo(region.centre, 0)
    expect(twelve.right).toBeCloseTo(cooperatives.right, 0)
    expect(many.right).toBeCloseTo(cooperatives.right, 0)
    expect(cusco.left).toBeGreaterThan(occitanie.left + 10)
    expect(twelve.left).toBeGreaterThan(cooperatives.left + 10)
  })

  it('is one well-formed file: every reference of the merged pieces points to an object', async () => {
    const {objects, references, dangling} = await danglingReferences(path.join(dir, 'dist/proceedings.pdf'))
    expect(objects).toBeGreaterThan(100)
    expect(references).toBeGreaterThan(objects)
    expect(dangling).toEqual([])
  })

  it('is tagged, with alternative text for figures, and carries the document metadata', () => {
    expect(pdf.marked).toBe(true)
    for (const role of ['H1', 'H2', 'H3', 'P', 'L', 'LI', 'Table', 'Figure'])
      expect(pdf.structure.roles).toContain(role)
    expect(pdf.structure.alts).toContain('A small chart')
    expect(pdf.info).toMatchObject({
      Title: 'Test Forum on Cooperation',
      Author: 'Fixture Network; Example Institute',
      Subject: 'Fixture proceedings',
      Keywords: 'Alpha session; Beta session',
      Language: 'en',
      Creator: 'forum-proceedings'
    })
  })

  it('refers, right under the heading of the other questions, to the page where a contribution is printed in full', () => {
    const all = pdf.pages.map((page) => page.text).join(' ')
    const match =
      /Alpha question three\? Also answering this question: Answering one and three — Ana Uno, page (\d+)/.exec(
        all
      )
    expect(match).not.toBeNull()
    expect(Number(match![1])).toBe(contentsPage('Answering one and three Ana Uno'))
  })

  it('never breaks a line between "page" and its number', () => {
    const lines = pdf.pages.flatMap((page) => page.lines)
    expect(lines.filter((line) => /\bpage$/.test(line))).toEqual([])
    expect(lines.filter((line) => /\bpage \d+/.test(line)).length).toBeGreaterThan(3)
  })

  it('puts the references to contributions printed under another question in one block under the heading', async () => {
    const page = await readHtml(path.join(dir, 'dist/sessions/alpha.html'))
    const groups = selectAll('section.group', page)
    const blocks = groups.flatMap((group) =>
      selectAll(':scope > .see-also', group).map((block) => [group, block])
    )
    expect(blocks.map(([group]) => group!.properties.id)).toEqual(['s:alpha:q2', 's:alpha:q3'])
    for (const [group, block] of blocks) {
      const elements = group!.children.filter((child) => child.type === 'element')
      expect(elements.indexOf(block!)).toBe(1)
      expect(text(select('p', block!))).toBe('Also answering this question:')
    }
  })

  it('indexes objectives, speakers and countries with their pages', () => {
    const all = pdf.pages.map((page) => page.text).join(' ')
    const answering = contentsPage('Answering one and three Ana Uno')
    const beta = contentsPage('Beta answer Ana Uno, Hoang Văn Sáu')
    expect(all).toContain(`Answering one and three, page ${answering}`)
    // The country in parentheses, the pages apart at the end of the entry, after a leader.
    const lines = pdf.pages.at(-1)!.lines.join('\n')
    expect(lines).toContain(`Ana Uno (Chile), Cooperativa Uno ${answering}, ${beta}`)
    expect(lines).toContain('\nCountries\n')
    expect(lines).toContain(`Chile Ana Uno ${answering}, ${beta}`)
    expect(lines).toContain(`Vietnam Hoang Văn Sáu ${beta}`)
  })

  it('prints no way back from a footnote to its call, and no kind a group heading already gives', () => {
    const all = pdf.pages.map((page) => page.text).join(' ')
    expect(all).toContain('Une note de bas de page.')
    expect(all).not.toContain('↩')
    expect(all).toMatch(/Synthesis Alpha synthesis Fiona Rapporteur/)
  })

  it('gives the same indexes in HTML, linked to the contributions and speakers', async () => {
    const page = await readHtml(path.join(dir, 'dist/speakers.html'))
    const countries = selectAll('.country-index > li', page)
    expect(countries.map((item) => text(item))).toEqual([
      'Chile Ana Uno',
      'France Chloé Trois',
      'Mexico Dana Cuatro',
      'Vietnam Hoang Văn Sáu'
    ])
    expect(selectAll('a', countries[0]!).map((link) => link.properties.href)).toEqual(['#speaker-1'])
  })
})

describe('draft mode', () => {
  it('marks every page DRAFT and prints the build date on the cover', async () => {
    const draftDir = await copyFixtures('basic')
    const result = await runCli(['build', '.', '--drafts', '--format', 'pdf'], {
      cwd: draftDir,
      env: {SOURCE_DATE_EPOCH: '1700000000'}
    })
    expect(result.code).toBe(0)
    const draft = await readPdf(path.join(draftDir, 'dist/proceedings.pdf'))
    for (const page of draft.pages) expect(page.text).toMatch(/\bDRAFT\b/)
    expect(draft.pages[0]!.text).toContain('Draft built on November 14, 2023')
    expect(draft.pages.map((page) => page.text).join(' ')).toContain('An unfinished draft')
  })
})

describe('draft mode in French', () => {
  it('fits BROUILLON, longer than DRAFT, across the page area of every page', async () => {
    const french = await copyFixtures('basic')
    const forum = await readFile(path.join(french, 'forum.md'), 'utf8')
    await writeFile(path.join(french, 'forum.md'), forum.replace('language: en', 'language: fr'))
    expect((await runCli(['build', '.', '--drafts', '--format', 'pdf'], {cwd: french})).code).toBe(0)
    const document = await getDocument({
      data: new Uint8Array(await readFile(path.join(french, 'dist/proceedings.pdf')))
    }).promise
    // A4 less the margins of print.css (20mm at the sides, 24mm at the head and foot), in points.
    const [left, right, bottom, top] = [56.7, 595.3 - 56.7, 68, 841.9 - 68]
    for (let number = 1; number <= document.numPages; number++) {
      const items = (await (await document.getPage(number)).getTextContent()).items
      const word = items.find((item) => 'str' in item && item.str === 'BROUILLON')
      expect(word, `page ${number}`).toBeDefined()
      const [a, b, , , x, y] = (word as {transform: number[]}).transform as [
        number,
        number,
        0,
        0,
        number,
        number
      ]
      const size = Math.hypot(a, b)
      const [along, across] = [
        [a / size, b / size],
        [-b / size, a / size]
      ] as const
      const length = (word as {width: number}).width
      // The baseline's ends, and the same raised by the height of a capital.
      const corners = [0, length].flatMap((distance) =>
        [0, 0.72 * size].map((height) => [
          x + along[0] * distance + across[0] * height,
          y + along[1] * distance + across[1] * height
        ])
      )
      for (const [cornerX, cornerY] of corners) {
        expect(cornerX, `page ${number}`).toBeGreaterThan(left)
        expect(cornerX, `page ${number}`).toBeLessThan(right)
        expect(cornerY, `page ${number}`).toBeGreaterThan(bottom)
        expect(cornerY, `page ${number}`).toBeLessThan(top)
      }
    }
    await document.destroy()
  })
})

describe('questions no contribution answers', () => {
  it('are left out of the site and the PDF when forum.md says `emptyQuestions: omit`, and kept in the concept note', async () => {
    const omit = await copyFixtures('basic')
    const forum = await readFile(path.join(omit, 'forum.md'), 'utf8')
    await writeFile(
      path.join(omit, 'forum.md'),
      forum.replace('language: en', 'language: en\nemptyQuestions: omit')
    )
    const result = await runCli(['build', '.'], {cwd: omit})
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const printed = await readPdf(path.join(omit, 'dist/proceedings.pdf'))
    const all = printed.pages.map((page) => page.text).join(' ')
    expect(all).not.toContain('No contributions yet.')
    expect(
      printed.outline.find((item) => item.title === 'Beta session')?.items.map((item) => item.title)
    ).toEqual(['Question 2: Beta question two?'])
    const page = await readHtml(path.join(omit, 'dist/sessions/beta.html'))
    expect(selectAll('.group', page).map((group) => group.properties.id)).toEqual(['s:beta:q2'])
    expect(selectAll('.questions li', page).map((item) => [text(item), selectAll('a', item).length])).toEqual(
      [
        ['Beta question one?', 0],
        ['Beta question two?', 1]
      ]
    )
  })

  it('print "No contributions yet." by default, and a wrong choice is an error at its line', async () => {
    expect(pdf.pages.map((page) => page.text).join(' ')).toContain('No contributions yet.')
    const wrong = await copyFixtures('basic')
    const forum = await readFile(path.join(wrong, 'forum.md'), 'utf8')
    await writeFile(
      path.join(wrong, 'forum.md'),
      forum.replace('language: en', 'language: en\nemptyQuestions: hide')
    )
    const result = await runCli(['check', '.'], {cwd: wrong})
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/forum\.md:6:\d+: error .*`emptyQuestions`.*show, omit/)
  })
})

describe('reproducible builds', () => {
  it('give byte-identical HTML, JSON and PDF with SOURCE_DATE_EPOCH', async () => {
    const source = await copyFixtures('basic')
    const env = {SOURCE_DATE_EPOCH: '1700000000'}
    expect((await runCli(['build', '.', '--out', 'one'], {cwd: source, env})).code).toBe(0)
    expect((await runCli(['build', '.', '--out', 'two'], {cwd: source, env})).code).toBe(0)
    const files = (await readdir(path.join(source, 'one'), {recursive: true, withFileTypes: true})).filter(
      (entry) => entry.isFile()
    )
    expect(files.length).toBeGreaterThan(8)
    for (const entry of files) {
      const relative = path.relative(path.join(source, 'one'), path.join(entry.parentPath, entry.name))
      const [one, two] = await Promise.all([
        readFile(path.join(source, 'one', relative)),
        readFile(path.join(source, 'two', relative))
      ])
      expect(one.equals(two), relative).toBe(true)
    }
    const reading = await readPdf(path.join(source, 'one/proceedings.pdf'))
    expect(reading.info.CreationDate).toBe('D:20231114221320Z')
  })
})

describe('languages', () => {
  it("prints the labels in the forum's language, with the forum's overrides", async () => {
    const spanish = await copyFixtures('basic')
    const forum = await readFile(path.join(spanish, 'forum.md'), 'utf8')
    await writeFile(
      path.join(spanish, 'forum.md'),
      forum.replace('language: en', 'language: es\nlabels:\n  speakers: Participantes\n  contnts: Typo')
    )
    const result = await runCli(['build', '.'], {cwd: spanish})
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(
      'forum.md:8:3: warning Unknown label `contnts`, did you mean `contents`? [unknown-label]'
    )
    const printed = await readPdf(path.join(spanish, 'dist/proceedings.pdf'))
    const all = printed.pages.map((page) => page.text).join(' ')
    for (const label of [
      'Sumario',
      'Pregunta 1 · Ronda 1',
      'Pregunta principal',
      'Otras contribuciones',
      'Síntesis',
      'También responden a esta pregunta:',
      'página',
      'Participantes',
      'Países'
    ]) {
      expect(all).toContain(label)
    }
    const html = await readHtml(path.join(spanish, 'dist/contents.html'))
    expect(text(select('h1', html))).toBe('Sumario')
  })

  it("prints Latin, Vietnamese, Greek and Cyrillic names with the theme's fonts, no fallback", async () => {
    const names = await copyFixtures('minimal')
    await writeFile(
      path.join(names, 'contributions/names.md'),
      [
        '---',
        'title: Names from many scripts',
        'session: s',
        'speakers:',
        '  - name: Пафнутий Чебышёв',
        '    country: Россия',
        '  - name: Nguyễn Thị Lan',
        '  - name: Αθηνά Παπαδοπούλου',
        '  - name: Żaneta Łęcka-Øvergård',
        '---',
        '',
        'Текст на русском. Tiếng Việt có dấu. Ελληνικά.',
        ''
      ].join('\n')
    )
    expect((await runCli(['build', '.', '--format', 'pdf'], {cwd: names})).code).toBe(0)
    const bytes = (await readFile(path.join(names, 'dist/proceedings.pdf'))).toString('latin1')
    const fonts = new Set(
      [...bytes.matchAll(/\/BaseFont\s*\/[A-Z]{6}\+([\w-]+)/g)].map((match) => match[1]!.split('-')[0])
    )
    expect([...fonts].sort()).toEqual(['NotoSans', 'NotoSerif'])
    const all = (await readPdf(path.join(names, 'dist/proceedings.pdf'))).pages
      .map((page) => page.text)
      .join(' ')
    for (const name of ['Пафнутий Чебышёв', 'Nguyễn Thị Lan', 'Αθηνά Παπαδοπούλου', 'Żaneta Łęcka-Øvergård'])
      expect(all).toContain(name)
  })
})
