import {readdir} from 'node:fs/promises'
import path from 'node:path'
import type {Element} from 'hast'
import puppeteer, {type Browser} from 'puppeteer-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {findBrowser} from '../../src/browser/find-browser.js'
import {runCli} from '../helpers/cli.js'
import {repoDir, tempDir} from '../helpers/fixtures.js'
import {readHtml, select, selectAll, text} from '../helpers/html.js'
import {brokenLinks, expectExampleEditions, headerHeights, sitePages} from '../helpers/site.js'

let out: string
let browser: Browser

beforeAll(async () => {
  out = path.join(await tempDir(), 'site')
  expect(
    (
      await runCli([
        'build',
        path.join(repoDir, 'content'),
        '--out',
        out,
        '--format',
        'html,json',
        '--drafts'
      ])
    ).code
  ).toBe(0)
  const found = await findBrowser()
  if (!found) throw new Error('No browser: run `npx proceedings setup`')
  browser = await puppeteer.launch({
    executablePath: found.executablePath,
    headless: found.headlessShell ? 'shell' : true,
    args: ['--no-sandbox']
  })
})

afterAll(async () => {
  await browser?.close()
})

const href = (node: Element | undefined) => String(node?.properties.href ?? '')

describe("finding one's way in the site", () => {
  it("puts the forum's title, the contents, the search, the indexes and the PDF in a header that takes at most a fifth of the first screen", async () => {
    const pages = await sitePages(out)
    // One site per edition: English at the root, Spanish and French in their folders, each with the same pages.
    const editions = [
      {
        folder: '',
        title: 'Global Virtual Forum on the Social and Solidarity Economy',
        labels: ['Contents', 'Search', 'Indexes', 'PDF'],
        pdf: 'proceedings.pdf'
      },
      {
        folder: 'es/',
        title: 'Foro Global Virtual sobre la Economía Social y Solidaria',
        labels: ['Sumario', 'Buscar', 'Índices', 'PDF'],
        pdf: 'proceedings.es.pdf'
      },
      {
        folder: 'fr/',
        title: "Forum mondial virtuel sur l'économie sociale et solidaire",
        labels: ['Table des matières', 'Rechercher', 'Index', 'PDF'],
        pdf: 'proceedings.fr.pdf'
      }
    ]
    const edition = (file: string) =>
      editions.find(({folder}) => folder && file.startsWith(folder)) ?? editions[0]!
    expectExampleEditions(
      pages,
      editions.map(({folder}) => folder),
      15
    )
    for (const file of pages) {
      const {folder, title, labels, pdf} = edition(file)
      const up = '../'.repeat(file.slice(folder.length).split('/').length - 1)
      const header = select('.site-header', await readHtml(path.join(out, file)))
      expect(text(select('.site-title', header)), file).toBe(title)
      expect(selectAll('.site-nav a', header).map((link) => [text(link), href(link)])).toEqual([
        [labels[0], `${up}contents.html`],
        [labels[1], `${up}search.html`],
        [labels[2], `${up}speakers.html`],
        [labels[3], `${up}${'../'.repeat(folder.split('/').length - 1)}${pdf}`]
      ])
      // Sessions are listed by the contents page, not in the header (the edition switcher leads to this same page).
      expect(
        selectAll('.site-nav a', header).filter((link) => href(link).includes('sessions/')),
        file
      ).toEqual([])
      expect(
        selectAll('.edition-switcher a', header).map((link) =>
          path.posix.normalize(path.posix.join(path.posix.dirname(file), href(link)))
        ),
        file
      ).toEqual(
        editions
          .filter((other) => other.folder !== folder)
          .map((other) => `${other.folder}${file.slice(folder.length)}`)
      )
    }
    for (const {file, width, header, screen} of await headerHeights(browser, out, pages)) {
      expect(header, `${file} at ${width} px`).toBeGreaterThan(20)
      expect(header, `${file} at ${width} px`).toBeLessThanOrEqual(screen / 5)
    }
  })

  it('lists the sessions on the home page, and every session with its groups and contributions on the contents page', async () => {
    const home = await readHtml(path.join(out, 'index.html'))
    expect(selectAll('.session-list li', home).map(text)).toEqual([
      'Building alliances for inter-cooperation in the Social and Solidarity Economy October 5, 2021 10 contributions',
      'From the local to the global: the SSE and the 2030 Agenda October 7, 2021 5 contributions'
    ])
    const contents = await readHtml(path.join(out, 'contents.html'))
    expect(text(select('h1', contents))).toBe('Contents')
    expect(selectAll('.contents-session > .toc-session', contents).map(href)).toEqual([
      'sessions/intercooperation-alliances.html',
      'sessions/local-to-global.html',
      'speakers.html'
    ])
    expect(selectAll('.toc-contribution', contents)).toHaveLength(15)
  })

  it('gives each session page its own contents: every question group, with its number of contributions', async () => {
    const page = await readHtml(path.join(out, 'sessions/local-to-global.html'))
    const entries = selectAll('.session-toc li', page)
    expect(entries.map((entry) => text(select('.count', entry)))).toEqual([
      '2 contributions',
      '1 contribution',
      '2 contributions',
      '2 contributions',
      '1 contribution'
    ])
    for (const entry of entries) {
      const group = select(`[id="${href(select('a', entry)).replace(/^#/, '')}"]`, page)
      expect(group?.properties.className).toContain('group')
      const shown = selectAll(':scope > .contribution, :scope > .see-also li', group!).length
      expect(text(select('.count', entry))).toBe(`${shown} contribution${shown === 1 ? '' : 's'}`)
    }
    expect(text(select('a', entries[0]))).toMatch(/^Question 1: What is the contribution of the SSE/)
  })

  it('leads from each session to the one before and the one after it, and shows where the reader stands', async () => {
    const first = await readHtml(path.join(out, 'sessions/intercooperation-alliances.html'))
    const last = await readHtml(path.join(out, 'sessions/local-to-global.html'))
    expect(select('.pager [rel=prev]', first)).toBeUndefined()
    expect([href(select('.pager [rel=next]', first)), text(select('.pager [rel=next]', first))]).toEqual([
      'local-to-global.html',
      'Next session From the local to the global: the SSE and the 2030 Agenda'
    ])
    expect(select('.pager [rel=next]', last)).toBeUndefined()
    expect(href(select('.pager [rel=prev]', last))).toBe('intercooperation-alliances.html')
    expect(selectAll('.breadcrumbs li', last).map(text)).toEqual([
      'Home',
      'Contents',
      'From the local to the global: the SSE and the 2030 Agenda'
    ])
    expect(selectAll('.breadcrumbs a', last).map(href)).toEqual(['../index.html', '../contents.html'])
    expect(select('.breadcrumbs [aria-current=page]', last)).toBeDefined()
    expect(selectAll('.breadcrumbs li', await readHtml(path.join(out, 'speakers.html'))).map(text)).toEqual([
      'Home',
      'Indexes'
    ])
  })

  it('marks a build with drafts on every page, and each draft contribution', async () => {
    for (const file of await sitePages(out)) {
      const draft = file.startsWith('es/')
        ? /^Borrador: /
        : file.startsWith('fr/')
          ? /^Brouillon/
          : /^Draft: /
      expect(text(select('.draft-banner', await readHtml(path.join(out, file)))), file).toMatch(draft)
    }
    const page = await readHtml(path.join(out, 'sessions/intercooperation-alliances.html'))
    expect(selectAll('.contribution .draft-badge', page).map((badge) => text(badge))).toEqual(['Draft'])
    expect(select('[id="c:pressing-international-challenges"] .draft-badge', page)).toBeDefined()
  })

  it('links only relatively, to files the build wrote, keeping language folders free', async () => {
    const pages = await sitePages(out)
    // Built without the PDFs: the links to each edition's PDF are the only ones to files not written.
    const pdfs = ['proceedings.pdf', 'proceedings.es.pdf', 'proceedings.fr.pdf']
    for (const file of pages) expect(await brokenLinks(out, file, pdfs), file).toEqual([])
    // Language folders are the editions' alone: a forum's own folders never look like one.
    const written = await readdir(out)
    expect(written.filter((name) => /^[a-z]{2}(-[A-Z]{2})?$/.test(name)).sort()).toEqual(['es', 'fr'])
  })
})
