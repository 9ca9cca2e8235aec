import {readFile, readdir} from 'node:fs/promises'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {createRequire} from 'node:module'
import path from 'node:path'
import puppeteer, {type Browser} from 'puppeteer-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {generateForum} from '../../bench/generate-forum.mjs'
import {findBrowser} from '../../src/browser/find-browser.js'
import {contentType} from '../../src/render/content-type.js'
import {runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/fixtures.js'
import {readHtml, select, selectAll, text} from '../helpers/html.js'
import {brokenLinks, headerHeights, sitePages} from '../helpers/site.js'

/*
 * The site of a forum as large as the largest we publish: 50 sessions and 2,000 contributions (the
 * benchmark's generator), browsed in a real Chromium on a phone and on a wide screen.
 */

const sessions = 50
const contributions = 2000
let out: string
let browser: Browser
let server: Server
let siteUrl: string

beforeAll(async () => {
  const dir = await tempDir()
  await generateForum(path.join(dir, 'forum'), {sessions, contributions, seed: 7})
  out = path.join(dir, 'site')
  const result = await runCli(['build', 'forum', '--out', out, '--format', 'html,json', '--no-cache'], {
    cwd: dir
  })
  expect(result.code, result.stderr).toBe(0)
  // Search loads its index with fetch, which pages opened from disk may not: the site is served as a static host would,
  // in a folder of its own, which the parts of its search index must find.
  server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    if (!pathname.startsWith('/proceedings/')) return void response.writeHead(404).end()
    readFile(path.join(out, pathname.slice('/proceedings/'.length))).then(
      (body) => response.writeHead(200, {'content-type': contentType(pathname)}).end(body),
      () => response.writeHead(404).end()
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  siteUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/proceedings/`
  const found = await findBrowser()
  if (!found) throw new Error('No browser: run `npx proceedings setup`')
  browser = await puppeteer.launch({
    executablePath: found.executablePath,
    headless: found.headlessShell ? 'shell' : true,
    args: ['--no-sandbox']
  })
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => server?.close(resolve))
})

describe('a forum of 50 sessions and 2,000 contributions', () => {
  it('keeps the header to a fifth of the first screen on a phone and a wide screen, on every kind of page', async () => {
    const pages = await sitePages(out)
    expect(pages.filter((file) => file.startsWith('sessions/'))).toHaveLength(sessions)
    const sample = ['index.html', 'contents.html', 'search.html', 'speakers.html', 'sessions/session-25.html']
    for (const {file, width, header, screen} of await headerHeights(browser, out, sample)) {
      expect(header, `${file} at ${width} px`).toBeLessThanOrEqual(screen / 5)
    }
  })

  it('leads from the contents to every session, and through each session to the next, with no broken link', async () => {
    const contents = await readHtml(path.join(out, 'contents.html'))
    const listed = selectAll('.contents-session > .toc-session', contents).map((link) =>
      String(link.properties.href)
    )
    expect(listed.filter((href) => href.startsWith('sessions/'))).toHaveLength(sessions)
    expect(selectAll('.toc-contribution', contents)).toHaveLength(contributions)
    // Following "next" from the first session visits every session once, in the contents' order.
    // The pages read on the way are kept for the links below: they are the largest of the site.
    const read = new Map([['contents.html', contents]])
    const visited: string[] = []
    let current: string | undefined = listed[0]
    while (current) {
      visited.push(current)
      const page = await readHtml(path.join(out, current))
      read.set(current, page)
      const next = select('a[rel="next"]', page)
      current = next ? path.posix.join('sessions', String(next.properties.href)) : undefined
    }
    expect(visited).toEqual(listed.filter((href) => href.startsWith('sessions/')))
    const broken: string[] = []
    for (const file of await sitePages(out))
      broken.push(...(await brokenLinks(out, file, ['proceedings.pdf'], read.get(file))))
    expect(broken).toEqual([])
  })

  it("gives a session page its own contents, whose counts add up to the session's contributions", async () => {
    const page = await readHtml(path.join(out, 'sessions/session-25.html'))
    const printed = selectAll('article.contribution', page).length
    expect(printed).toBe(contributions / sessions)
    expect(text(select('.breadcrumbs', page))).toContain('Contents')
  })

  it('finds one contribution among 2,000 by words of its title, on a phone, in an index of several parts', async () => {
    // The index is made in parts of a few sessions, which the search page merges.
    const parts = (await readdir(path.join(out, 'pagefind'))).filter((name) => /^part-\d+$/.test(name))
    expect(parts.length).toBeGreaterThan(3)
    const source = await readFile(path.join(out, '..', 'forum/contributions/session-25/c01024.md'), 'utf8')
    const title = /^title: (.*)$/m.exec(source)![1]!
    const page = await browser.newPage()
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(String(error)))
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text())
    })
    await page.setViewport({width: 390, height: 844})
    await page.goto(new URL('search.html', siteUrl).href)
    await page.waitForSelector('.pagefind-ui__search-input')
    await page.type('.pagefind-ui__search-input', `"${title}"`)
    const found = await page.waitForFunction(
      (expected) => {
        const links = Array.from(document.querySelectorAll<HTMLAnchorElement>('.pagefind-ui__result-link'))
          .filter((link) => link.textContent?.trim() === expected)
          .map((link) => link.href)
        return links.length > 0 && links
      },
      {timeout: 30_000},
      title
    )
    // It leads to the contribution in its session's page, in the site's folder.
    const links = (await found.jsonValue()) as string[]
    expect(links).toHaveLength(1)
    const target = new URL(links[0]!)
    expect(target.href.slice(0, -target.hash.length)).toBe(new URL('sessions/session-25.html', siteUrl).href)
    const sessionPage = await readHtml(path.join(out, 'sessions/session-25.html'))
    const anchor = decodeURIComponent(target.hash.slice(1))
    expect(text(select(`[id="${anchor}"] h3`, sessionPage))).toBe(title)
    // The filters count the contributions of every part: each session's filter is there.
    await page.$$eval('details.pagefind-ui__filter-block', (blocks) =>
      blocks.forEach((block) => ((block as HTMLDetailsElement).open = true))
    )
    const sessionsFiltered = await page.$$eval('.pagefind-ui__filter-block', (blocks) => {
      const block = blocks.find(
        (candidate) => candidate.querySelector('.pagefind-ui__filter-name')?.textContent?.trim() === 'Session'
      )
      return block?.querySelectorAll('.pagefind-ui__filter-label').length ?? 0
    })
    expect(sessionsFiltered).toBe(sessions)
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth
    )
    expect(overflow).toBe(0)
    expect(problems).toEqual([])
    await page.close()
  })

  it('has no serious accessibility violation on a session page, on a phone or a wide screen', async () => {
    const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
    const page = await browser.newPage()
    for (const width of [390, 1280]) {
      await page.setViewport({width, height: 900})
      // A session page, with its contents of 40 entries (axe takes tens of seconds on the contents and speakers pages).
      for (const file of ['sessions/session-01.html']) {
        await page.goto(`file://${path.join(out, file)}`)
        await page.evaluate(axeSource)
        const result = (await page.evaluate(() =>
          (globalThis as unknown as {axe: {run(): Promise<unknown>}}).axe.run()
        )) as {violations: {id: string; impact: string | null}[]}
        expect(
          result.violations
            .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
            .map((violation) => `${file} @${width}px: ${violation.id}`)
        ).toEqual([])
      }
    }
    await page.close()
  }, 120_000)
})
