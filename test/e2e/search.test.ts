import {spawn, type ChildProcess} from 'node:child_process'
import {readFile} from 'node:fs/promises'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import path from 'node:path'
import puppeteer, {type Browser, type Page} from 'puppeteer-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {findBrowser} from '../../src/browser/find-browser.js'
import {contentType} from '../../src/render/content-type.js'
import {binPath, runCli} from '../helpers/cli.js'
import {repoDir, tempDir} from '../helpers/fixtures.js'

let out: string
let browser: Browser
let server: Server
let siteUrl: string
/** A static host's policy: scripts from the site alone, with WebAssembly. */
const hostPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data:"

beforeAll(async () => {
  out = path.join(await tempDir(), 'site')
  const result = await runCli([
    'build',
    path.join(repoDir, 'content'),
    '--out',
    out,
    '--format',
    'html',
    '--no-cache'
  ])
  expect(result.code, result.stderr).toBe(0)
  // Each edition has its own index, in its language.
  for (const edition of ['en', 'es', 'fr'])
    expect(result.stdout).toMatch(
      new RegExp(`^search: ${edition}: 14 contributions indexed, \\d+ files \\(\\d+ ms\\)$`, 'm')
    )
  // A plain static host, with the site in a folder of its own: it must not depend on being at the root.
  server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    if (!pathname.startsWith('/proceedings/')) return void response.writeHead(404).end()
    readFile(path.join(out, pathname.slice('/proceedings/'.length))).then(
      (body) =>
        response
          .writeHead(200, {'content-type': contentType(pathname), 'content-security-policy': hostPolicy})
          .end(body),
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
})

afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => server?.close(resolve))
})

/** Opens the search page, collecting the page's errors and refused requests. */
async function openSearch(url: string, width = 1280) {
  const page = await browser.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(String(error)))
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text())
  })
  await page.setViewport({width, height: 900})
  // Not network idle: serve keeps a live-reload stream open.
  await page.goto(new URL('search.html', url).href, {waitUntil: 'load'})
  await page.waitForSelector('.pagefind-ui__search-input')
  return {page, problems}
}

/** Types a query and waits for the results to settle: the titles shown and where they lead. */
async function search(page: Page, query: string) {
  await page.click('.pagefind-ui__search-input', {count: 3})
  await page.keyboard.press('Backspace')
  await page.type('.pagefind-ui__search-input', query)
  return settledResults(page)
}

async function settledResults(page: Page) {
  let last = ''
  for (let tries = 0; tries < 100; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 200))
    const now = await page.$$eval('.pagefind-ui__result-link', (links) =>
      JSON.stringify(links.map((link) => [link.textContent?.trim(), link.getAttribute('href')]))
    )
    if (now === last && now !== '[]') return JSON.parse(now) as [string, string][]
    last = now
  }
  throw new Error(`No results settled; last seen: ${last}`)
}

async function openFilters(page: Page) {
  await page.$$eval('details.pagefind-ui__filter-block', (blocks) =>
    blocks.forEach((block) => ((block as HTMLDetailsElement).open = true))
  )
}

async function clickFilter(page: Page, label: string) {
  const found = await page.$$(
    `xpath/.//label[contains(@class, "pagefind-ui__filter-label")][starts-with(normalize-space(.), "${label}")]`
  )
  expect(found, label).toHaveLength(1)
  await found[0]!.click()
}

describe('searching the site', () => {
  it('finds a contribution by a word of its text, on a static host, and narrows the results by a filter', async () => {
    const {page, problems} = await openSearch(siteUrl)
    expect(await search(page, 'Ndiaye')).toEqual([
      [
        'From the territory outward: a keynote on inclusive alliances',
        '/proceedings/sessions/intercooperation-alliances.html#c:keynote-from-the-territory-outward'
      ]
    ])

    const broad = await search(page, 'alliances')
    expect(broad.length).toBeGreaterThan(3)
    // Every filter the index carries, named in the forum's words.
    const filters = await page.$$eval('.pagefind-ui__filter-name', (names) =>
      names.map((name) => name.textContent?.trim())
    )
    expect(filters.toSorted()).toEqual(['Country', 'Language', 'Question', 'Session', 'Type'])
    await openFilters(page)
    await clickFilter(page, 'Keynote')
    const narrowed = await settledResults(page)
    expect(narrowed.map(([title]) => title)).toEqual([
      'From the territory outward: a keynote on inclusive alliances'
    ])
    // Following a result leads to the contribution in its session's page.
    await Promise.all([page.waitForNavigation(), page.click('.pagefind-ui__result-link')])
    expect(page.url()).toBe(
      `${siteUrl}sessions/intercooperation-alliances.html#c:keynote-from-the-territory-outward`
    )
    expect(
      await page.$eval('[id="c:keynote-from-the-territory-outward"] h3', (heading) => heading.textContent)
    ).toBe('From the territory outward: a keynote on inclusive alliances')
    expect(problems).toEqual([])
  })

  it('filters by language, one result per contribution', async () => {
    const {page, problems} = await openSearch(siteUrl)
    const all = await search(page, 'cooperation')
    await openFilters(page)
    const labels = await page.$$eval('.pagefind-ui__filter-label', (items) =>
      items.map((item) => item.textContent?.replace(/\s+/g, ' ').trim())
    )
    expect(labels).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^English \(\d+\)$/),
        expect.stringMatching(/^Spanish \(\d+\)$/)
      ])
    )
    await clickFilter(page, 'Spanish')
    const spanish = await settledResults(page)
    expect(spanish.length).toBeGreaterThan(0)
    expect(spanish.length).toBeLessThan(all.length)
    for (const [, href] of spanish)
      expect(href).toMatch(
        /#c:(gobiernos-y-organismos-internacionales|escalar-la-ess-de-lo-local-a-lo-global)$/
      )
    expect(problems).toEqual([])
  })

  it('works in serve, on a phone', async () => {
    const child: ChildProcess = spawn(
      process.execPath,
      [binPath, 'serve', path.join(repoDir, 'content'), '--port', '0'],
      {stdio: ['ignore', 'pipe', 'pipe']}
    )
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let stdout = ''
        child.stdout!.on('data', (chunk) => {
          stdout += chunk
          const match = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)
          if (match) resolve(match[1]!)
        })
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)))
      })
      const {page, problems} = await openSearch(url, 390)
      expect(await search(page, 'Ndiaye')).toEqual([
        [
          'From the territory outward: a keynote on inclusive alliances',
          '/sessions/intercooperation-alliances.html#c:keynote-from-the-territory-outward'
        ]
      ])
      // Search's own problems: the live-reload stream may report a dropped connection on a busy machine.
      expect(problems.filter((problem) => /pagefind|wasm|content security/i.test(problem))).toEqual([])
    } finally {
      child.kill('SIGTERM')
      await new Promise((resolve) => child.once('exit', resolve))
    }
  })
})
