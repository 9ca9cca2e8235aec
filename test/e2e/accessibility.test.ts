import {readFile, readdir} from 'node:fs/promises'
import path from 'node:path'
import {createRequire} from 'node:module'
import puppeteer, {type Browser} from 'puppeteer-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {findBrowser} from '../../src/browser/find-browser.js'
import {runCli} from '../helpers/cli.js'
import {repoDir, tempDir} from '../helpers/fixtures.js'
import {expectExampleEditions} from '../helpers/site.js'

interface AxeResult {
  violations: {id: string; impact: string | null; help: string; nodes: {target: string[]}[]}[]
}

let out: string
let browser: Browser
let axeSource: string

beforeAll(async () => {
  out = path.join(await tempDir(), 'site')
  expect(
    (await runCli(['build', path.join(repoDir, 'content'), '--out', out, '--format', 'html'])).code
  ).toBe(0)
  const found = await findBrowser()
  if (!found) throw new Error('No browser: run `npx proceedings setup`')
  browser = await puppeteer.launch({
    executablePath: found.executablePath,
    headless: found.headlessShell ? 'shell' : true,
    args: ['--no-sandbox']
  })
  axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
})

afterAll(async () => {
  await browser?.close()
})

describe("the example forum's site in a real browser", () => {
  it('has no serious or critical accessibility violations on any page, on a phone or a wide screen', async () => {
    const pages = (await readdir(out, {recursive: true})).filter((file) => file.endsWith('.html')).sort()
    const site = pages.filter((file) => !file.startsWith('pagefind'))
    // The same pages in each edition: English at the root, Spanish and French in their folders.
    expectExampleEditions(site, ['', 'es/', 'fr/'], 14)
    const page = await browser.newPage()
    for (const width of [390, 1280]) {
      await page.setViewport({width, height: 900})
      for (const file of pages) {
        await page.goto(`file://${path.join(out, file)}`)
        await page.evaluate(axeSource)
        // Only violations are read: axe then spends no time gathering the nodes of passed checks.
        const result = (await page.evaluate(() =>
          (globalThis as unknown as {axe: {run(options: object): Promise<unknown>}}).axe.run({
            resultTypes: ['violations']
          })
        )) as AxeResult
        const serious = result.violations
          .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
          .map(
            (violation) =>
              `${file} @${width}px: ${violation.id} (${violation.help}) at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`
          )
        expect(serious).toEqual([])
      }
    }
    // Three editions of some twenty pages, each at two widths.
  }, 240_000)

  it('fits a phone screen without horizontal scrolling', async () => {
    const page = await browser.newPage()
    await page.setViewport({width: 390, height: 844})
    for (const file of [
      'index.html',
      'contents.html',
      'sessions/intercooperation-alliances.html',
      'speakers.html'
    ]) {
      await page.goto(`file://${path.join(out, file)}`)
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth
      )
      expect(overflow, file).toBeLessThanOrEqual(0)
    }
  })
})
