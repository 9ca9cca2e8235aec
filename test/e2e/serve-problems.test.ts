import {readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import puppeteer, {type Browser, type Page} from 'puppeteer-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {findBrowser} from '../../src/browser/find-browser.js'
import {copyFixtures} from '../helpers/fixtures.js'
import {startServe, type ServeProcess} from '../helpers/serve-process.js'

const problem =
  'contributions/lost.md:3:10: error Unknown session `plenery`, expected one of: `plenary`, `s` [unknown-session]'
const hint = '  hint: Did you mean `plenary`?'

let browser: Browser
let servers: ServeProcess[] = []

beforeAll(async () => {
  const found = await findBrowser()
  if (!found) throw new Error('No browser: run `npx proceedings setup`')
  browser = await puppeteer.launch({
    executablePath: found.executablePath,
    headless: found.headlessShell ? 'shell' : true,
    args: ['--no-sandbox']
  })
})

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()))
  servers = []
  await browser?.close()
})

/** Serves a copy of the fixtures with the given one over them, from inside the forum. */
async function serveForum(...fixtures: string[]): Promise<{dir: string; server: ServeProcess}> {
  const dir = await copyFixtures('minimal', ...fixtures)
  const server = await startServe(['--port', '0'], dir)
  servers.push(server)
  return {dir, server}
}

/** The overlay's text on the open page, or null when there is none. */
const overlayText = (page: Page) =>
  page.evaluate(() => document.getElementById('proceedings-problems')?.textContent ?? null)

/** Waits until the open page's overlay text passes `test`. */
async function waitForOverlay(page: Page, test: (text: string | null) => boolean): Promise<string | null> {
  const started = Date.now()
  for (;;) {
    const text = await overlayText(page).catch(() => undefined)
    if (text !== undefined && test(text)) return text
    if (Date.now() - started > 15_000)
      throw new Error(`The overlay never changed as expected; it shows: ${String(text)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('serve when the forum has errors', () => {
  it('answers every page with the diagnostics and their hints when the first build fails, not a bare 404', async () => {
    const {server} = await serveForum('errors/unknown-session')
    for (const address of ['/', '/index.html', '/sessions/s.html', '/sessions/s']) {
      const response = await fetch(new URL(address, server.url))
      expect(response.status, address).toBe(503)
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
      const html = await response.text()
      expect(html).toContain('<h1>The forum has errors</h1>')
      expect(html).toContain(`${problem}\n${hint}`)
      expect(html).toContain('/__proceedings/live-reload.js')
    }
  })

  it('shows the diagnostics in the browser, reloads into the site once the error is fixed, and keeps the overlay on reload while an error lasts', async () => {
    const {dir, server} = await serveForum('errors/unknown-session')
    const lost = path.join(dir, 'contributions/lost.md')
    const broken = await readFile(lost, 'utf8')
    const page = await browser.newPage()
    await page.goto(server.url)
    expect(await page.title()).toBe('The forum has errors')
    expect(await waitForOverlay(page, (text) => text !== null)).toBe(`${problem}\n${hint}`)

    // The fix reloads the open page by itself: the site's start page, without the overlay.
    const reloaded = page.waitForNavigation()
    await writeFile(lost, broken.replace('plenery', 'plenary'))
    await reloaded
    await page.waitForFunction(() => document.title.includes('Minimal Forum'), {timeout: 15_000})
    expect(await overlayText(page)).toBeNull()

    // A new error shows over the last good page, and stays there when the page is reloaded.
    await writeFile(lost, broken.replace('plenery', 'plenaryy'))
    const shown = await waitForOverlay(page, (text) => text?.includes('plenaryy') ?? false)
    expect(shown).toContain('contributions/lost.md:3:10: error Unknown session `plenaryy`')
    await page.reload()
    expect(await page.title()).toContain('Minimal Forum')
    expect(await waitForOverlay(page, (text) => text !== null)).toBe(shown)

    // Fixed again: the page reloads without it.
    const again = page.waitForNavigation()
    await writeFile(lost, broken.replace('plenery', 'plenary'))
    await again
    await page.waitForFunction(() => document.title.includes('Minimal Forum'), {timeout: 15_000})
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await overlayText(page)).toBeNull()
    await page.close()
  })
})

describe('serve addresses', () => {
  it("serves a page at its address without .html, a folder's index, and an HTML 404 for what the site lacks", async () => {
    const {server} = await serveForum()
    const get = async (address: string) => {
      const response = await fetch(new URL(address, server.url))
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        text: await response.text()
      }
    }
    const page = await get('/sessions/s.html')
    expect(page.status).toBe(200)
    expect(await get('/sessions/s')).toEqual(page)
    expect((await get('/index')).text).toBe((await get('/')).text)
    const missing = await get('/sessions/nope')
    expect(missing).toMatchObject({status: 404, type: 'text/html; charset=utf-8'})
    expect(missing.text).toContain('The site has no page <code>/sessions/nope</code>')
    expect(missing.text).toContain('/__proceedings/live-reload.js')
  })
})
