import {readFile} from 'node:fs/promises'
import path from 'node:path'
import puppeteer, {type Browser} from 'puppeteer-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {findBrowser} from '../../src/browser/find-browser.js'
import {repoDir} from '../helpers/fixtures.js'

let browser: Browser

beforeAll(async () => {
  const found = await findBrowser()
  if (!found) throw new Error('No browser: run `npx proceedings setup`')
  browser = await puppeteer.launch({executablePath: found.executablePath, headless: found.headlessShell ? 'shell' : true, args: ['--no-sandbox']})
})

afterAll(async () => {
  await browser?.close()
})

describe('the default print theme', () => {
  // A piece is laid out with a four-digit placeholder for each page number, then the numbers are filled in on the
  // page already laid out. A number wider than the placeholder would move the lines after it, and the pages of what
  // follows: the piece would be printed again, once more at 10,000 contributions (16,000 pages) than needed.
  it('gives a page number in running text and in the contents one width, from one digit to five', async () => {
    const css = await readFile(path.join(repoDir, 'templates/print.css'), 'utf8')
    const labels = ['0000', '7', '42', '999', '1234', '12345', '99999']
    const page = await browser.newPage()
    await page.emulateMediaType('print')
    await page.setContent(`<!doctype html><html lang="en"><head><style>${css}</style></head><body>
      ${labels.map((label) => `<p>See also: a title, page <span class="page-number">${label}</span></p>`).join('\n')}
      <ol class="contents">${labels.map((label) => `<li><a class="toc-entry"><span class="toc-title">A title</span><span class="page-ref">${label}</span></a></li>`).join('')}</ol>
      </body></html>`)
    const widths = await page.evaluate(() => ['.page-number', '.page-ref'].map((selector) =>
      Array.from(document.querySelectorAll(selector), (element) => element.getBoundingClientRect().width)))
    await page.close()
    for (const list of widths) {
      expect(list).toHaveLength(labels.length)
      expect(new Set(list).size, `widths ${list.join(', ')}`).toBe(1)
    }
  })
})
