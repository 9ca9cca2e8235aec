import {readFile, readdir} from 'node:fs/promises'
import path from 'node:path'
import type {Element} from 'hast'
import {getDocument} from 'pdfjs-dist/legacy/build/pdf.mjs'
import {beforeAll, describe, expect, it} from 'vitest'
import {runCli} from '../helpers/cli.js'
import {copyFixtures} from '../helpers/fixtures.js'
import {readHtml, selectAll, text} from '../helpers/html.js'
import {readPdf, type PdfReading} from '../helpers/pdf.js'

interface Manifest {
  sessions: {
    id: string
    title: string
    questions: {number: number; text: string; contributions: string[]}[]
    contributions: {id: string; title: string; speakers: {name: string}[]}[]
  }[]
}

interface Bookmark {
  title: string
  page: number
  items: Bookmark[]
}

let dir: string
let pdf: PdfReading
let bookmarks: Bookmark[]
let manifest: Manifest

/** The bookmarks with the page (from 1) each one opens. */
async function readBookmarks(file: string): Promise<Bookmark[]> {
  const document = await getDocument({data: new Uint8Array(await readFile(file)), useSystemFonts: false})
    .promise
  const walk = async (items: {title: string; dest: unknown; items: unknown[]}[]): Promise<Bookmark[]> =>
    Promise.all(
      items.map(async (item) => {
        const dest = (
          typeof item.dest === 'string' ? await document.getDestination(item.dest) : item.dest
        ) as [{num: number; gen: number}]
        return {
          title: item.title,
          page: (await document.getPageIndex(dest[0])) + 1,
          items: await walk(item.items as typeof items)
        }
      })
    )
  const outline = await walk((await document.getOutline()) ?? [])
  await document.destroy()
  return outline
}

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

beforeAll(async () => {
  dir = await copyFixtures('anchors')
  const result = await runCli(['build', '.'], {cwd: dir})
  expect(result.stderr).toBe('')
  expect(result.code).toBe(0)
  pdf = await readPdf(path.join(dir, 'dist/proceedings.pdf'))
  bookmarks = await readBookmarks(path.join(dir, 'dist/proceedings.pdf'))
  manifest = JSON.parse(await readFile(path.join(dir, 'dist/proceedings.json'), 'utf8'))
})

/** Pages of the front matter (cover and contents) come before the first session's. */
const frontPages = () => pdf.pages.findIndex((page) => page.text.includes('Guiding questions'))

function contentsPage(entry: string): number {
  const contents = pdf.pages
    .slice(1, frontPages())
    .map((page) => page.text)
    .join(' ')
  const match = new RegExp(`${escape(entry)} (\\d+)`).exec(contents)
  if (!match) throw new Error(`No page number in the contents after: ${entry}`)
  return Number(match[1])
}

const printedPage = (number: number) => pdf.pages[frontPages() + number - 1]!
const head = (page: {runs: {y: number; text: string}[]}) =>
  page.runs
    .filter((run) => run.y > 770)
    .map((run) => run.text)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim()

describe('anchors of ids with `.` and letters beyond ASCII, and of ids that are another id plus a suffix', () => {
  it('gives in the contents the page where each session, question group and contribution is printed', () => {
    expect(manifest.sessions.map((session) => session.id)).toEqual(['café', 'v1.2', 'x', 'x-q1'])
    for (const session of manifest.sessions) {
      expect(printedPage(contentsPage(session.title)).text, session.id).toContain(session.title)
      for (const question of session.questions) {
        expect(
          printedPage(contentsPage(`Question ${question.number}: ${question.text}`)).text,
          `${session.id} question ${question.number}`
        ).toContain(question.text)
      }
      for (const contribution of session.contributions) {
        const page = contentsPage(`${contribution.title} ${contribution.speakers[0]!.name}`)
        expect(printedPage(page).text, contribution.id).toContain(
          `${contribution.title} ${contribution.speakers[0]!.name}`
        )
      }
    }
  })

  it('opens every session, question group and contribution bookmark at its own page', () => {
    expect(bookmarks.map((bookmark) => bookmark.title)).toEqual([
      'Contents',
      'Session at the café',
      'Version one point two',
      'Session ex',
      'Session ex queue one',
      'Indexes'
    ])
    for (const session of manifest.sessions) {
      const bookmark = bookmarks.find((item) => item.title === session.title)!
      expect(pdf.pages[bookmark.page - 1]!.text, session.id).toContain(`${session.title} Guiding questions`)
      const contributions = bookmark.items.flatMap((group) => group.items)
      expect(contributions.map((item) => item.title).toSorted()).toEqual(
        session.contributions.map((contribution) => contribution.title).toSorted()
      )
      for (const item of [...bookmark.items, ...contributions]) {
        const title = item.title.replace(/^Question \d+: /, '')
        expect(pdf.pages[item.page - 1]!.text, `${session.id}: ${item.title}`).toContain(title)
      }
    }
  })

  it('runs the title of the session at the head of its pages', () => {
    for (const session of manifest.sessions) {
      expect(head(printedPage(contentsPage(session.title))), session.id).toBe(`Anchor Forum ${session.title}`)
    }
  })

  it('gives every element of a page an id of its own, and links each contribution to its own', async () => {
    const files = (await readdir(path.join(dir, 'dist/sessions'))).filter((file) => file.endsWith('.html'))
    expect(files.toSorted()).toEqual(['café.html', 'v1.2.html', 'x-q1.html', 'x.html'])
    const contents = await readHtml(path.join(dir, 'dist/contents.html'))
    for (const file of files) {
      const page = await readHtml(path.join(dir, 'dist/sessions', file))
      const ids = selectAll('[id]', page).map((element) => String(element.properties.id))
      expect(ids.length, file).toBeGreaterThan(5)
      expect(new Set(ids).size, file).toBe(ids.length)
    }
    const links = selectAll('a.toc-contribution', contents)
    expect(links.length).toBe(5)
    for (const link of links) {
      const [file, anchor] = decodeURI(String(link.properties.href)).split('#') as [string, string]
      const page = await readHtml(path.join(dir, 'dist', file))
      const target = selectAll('[id]', page).find((element) => element.properties.id === anchor) as Element
      expect(target?.tagName, anchor).toBe('article')
      expect(text(target)).toContain(text(selectAll('.toc-title', link)[0]).split(' ').slice(0, 2).join(' '))
    }
  })
})

describe('an id used twice in one text', () => {
  it('is an error at both places: two raw elements, or a raw element and a footnote', async () => {
    const forum = await copyFixtures('anchors-duplicate')
    const result = await runCli(['check', '.'], {cwd: forum})
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      'contributions/twice.md:9:3: error Duplicate id `same` in the text, also at line 7: links and page numbers can point at one element only [duplicate-anchor]'
    )
    expect(result.stderr).toContain(
      'contributions/twice.md:13:1: error Duplicate id `fn-1` in the text, also at line 11'
    )
  })
})
