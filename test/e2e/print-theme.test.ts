import {readFile} from 'node:fs/promises'
import path from 'node:path'
import puppeteer, {type Browser} from 'puppeteer-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {findBrowser} from '../../src/browser/find-browser.js'
import {getDocument} from 'pdfjs-dist/legacy/build/pdf.mjs'
import {loadForumTheme} from '../../src/render/theme/load-forum-theme.js'
import {loadProceedings} from '../../src/core/load-proceedings.js'
import {pageContext} from '../../src/render/page-context.js'
import {crossLinkPrefix} from '../../src/pdf-file/merge-pieces.js'
import {numbersToDraw} from '../../src/render/pdf/numbers-to-draw.js'
import {placeholderPageStart} from '../../src/pdf-file/placeholder-glyphs.js'
import {drawNumbers} from '../../src/pdf-file/draw-page-numbers.js'
import {splitIntoPieces} from '../../src/render/pdf/pieces.js'
import {fixturesDir, repoDir} from '../helpers/fixtures.js'

let browser: Browser

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
    const widths = await page.evaluate(() =>
      ['.page-number', '.page-ref'].map((selector) =>
        Array.from(document.querySelectorAll(selector), (element) => element.getBoundingClientRect().width)
      )
    )
    await page.close()
    for (const list of widths) {
      expect(list).toHaveLength(labels.length)
      expect(new Set(list).size, `widths ${list.join(', ')}`).toBe(1)
    }
  })
})

describe('references with page numbers', () => {
  it('keep "page" and its number on one line, wherever the line ends', async () => {
    const css = await readFile(path.join(repoDir, 'templates/print.css'), 'utf8')
    const page = await browser.newPage()
    await page.emulateMediaType('print')
    const widths = Array.from({length: 60}, (_, index) => 150 + index * 6)
    await page.setContent(`<!doctype html><html lang="en"><head><style>${css}</style></head><body>
      ${widths.map((width) => `<div class="see-also" style="width: ${width}px"><ul><li><a href="#x">Measuring the benefits of research networks</a> — Ana Uno, <span class="page-at">page\u00a0<span class="page-number">123</span></span></li></ul></div>`).join('\n')}
      <ol class="objectives" style="width: 260px"><li>An objective<ul class="served-by"><li><a href="#x">A contribution with a long title that wraps</a>, <span class="page-at">page\u00a0<span class="page-number">9</span></span></li></ul></li></ol>
      </body></html>`)
    const lines = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.page-at'), (element) => element.getClientRects().length)
    )
    await page.close()
    expect(lines).toHaveLength(widths.length + 1)
    expect(new Set(lines)).toEqual(new Set([1]))
  })
})

describe('page numbers drawn into a print', () => {
  /** The print page of a piece of the fixture forum: with its page numbers, or with placeholders (`pages` undefined). */
  const printPage = async () => {
    const {proceedings, root} = await loadProceedings(path.join(fixturesDir, 'basic'))
    const theme = await loadForumTheme(root, undefined)
    const css = await readFile(path.join(repoDir, 'templates/print.css'), 'utf8')
    const pieces = splitIntoPieces(proceedings!)
    const html = (index: number, pages: Record<string, string> | undefined, pageOffset: number) =>
      theme
        .render(
          'print',
          pageContext(proceedings!, {
            mode: 'print',
            inFolder: false,
            pages,
            part: {
              ...pieces[index]!,
              local: new Set(pieces[index]!.anchors),
              pageOffset,
              placeholders: !pages,
              crossLinkPrefix
            }
          })
        )
        .replace('<link rel="stylesheet" href="assets/print.css">', `<style>${css}</style>`)
    return {pieces, html}
  }
  const print = async (page: string) => {
    const tab = await browser.newPage()
    await tab.setContent(page)
    const bytes = await tab.pdf({preferCSSPageSize: true, printBackground: true, tagged: true})
    await tab.close()
    return bytes
  }

  // Each piece is printed once, with placeholders where its page numbers go; the numbers are then drawn into the PDF.
  // What is drawn must be what Chromium prints from the same page with its numbers: the same text, at the same place.
  it('draws the numbers of the contents and the sessions where Chromium prints them', async () => {
    const {pieces, html} = await printPage()
    // Numbers of one to five digits, arabic and roman.
    const labels = Object.fromEntries(
      pieces
        .flatMap((piece) => piece.anchors)
        .map((anchor, index) => [anchor, ['7', '42', '999', '1234', '12345', 'xiv'][index % 6]!])
    )
    const text = async (bytes: Uint8Array) => {
      const document = await getDocument({data: new Uint8Array(bytes), useSystemFonts: false}).promise
      const runs: {page: number; text: string; x: number; y: number}[] = []
      for (let number = 1; number <= document.numPages; number++) {
        for (const item of (await (await document.getPage(number)).getTextContent()).items) {
          if ('str' in item && item.str.trim())
            runs.push({
              page: number,
              text: item.str,
              x: item.transform[4] as number,
              y: item.transform[5] as number
            })
        }
      }
      // In reading order down each page: the drawn running numbers come first in a page's content, Chromium's last.
      return runs
        .map((run, at) => ({...run, at}))
        .sort((a, b) => a.page - b.page || Math.round(b.y) - Math.round(a.y) || a.at - b.at)
    }
    for (const [index, front] of [
      [0, true],
      [1, false]
    ] as const) {
      const offset = front ? 0 : 3455
      const draft = html(index, undefined, front ? 0 : placeholderPageStart - 1)
      const wanted = html(index, labels, offset)
      const numbers = numbersToDraw(draft, wanted, !front)
      expect(numbers, `piece ${index}`).toBeDefined()
      expect(numbers!.labels.length).toBeGreaterThan(3)
      const drawn = await drawNumbers(await print(draft), numbers!)
      expect(drawn, `piece ${index}`).toBeDefined()
      const [expected, actual] = await Promise.all([text(await print(wanted)), text(drawn!)])
      expect(actual.map((run) => run.text)).toEqual(expected.map((run) => run.text))
      // Within a twentieth of a point.
      actual.forEach((run, at) => {
        expect(Math.abs(run.x - expected[at]!.x), `${run.text} x`).toBeLessThan(0.05)
        expect(Math.abs(run.y - expected[at]!.y), `${run.text} y`).toBeLessThan(0.05)
      })
    }
  })

  it('draws no running numbers into pages that lack their font', async () => {
    const {pieces, html} = await printPage()
    // A last page of text alone, without placeholders.
    const lastPage = (page: string) =>
      page.replace('</body>', '<section class="session"><p>The end.</p></section></body>')
    const draft = lastPage(html(1, undefined, placeholderPageStart - 1))
    const numbers = numbersToDraw(
      draft,
      lastPage(
        html(
          1,
          Object.fromEntries(pieces.flatMap((piece) => piece.anchors).map((anchor) => [anchor, '7'])),
          3455
        )
      ),
      true
    )!
    const printed = Buffer.from(await print(draft))
    expect(await drawNumbers(printed, numbers)).toBeDefined()
    // The last page's fonts renamed, in as many bytes: the first page's names are not its own any more.
    const pages = [...printed.toString('latin1').matchAll(/\/Type \/Page\b[^]*?\/Font <<([^>]*)>>/g)]
    expect(pages.length).toBeGreaterThan(1)
    const last = pages.at(-1)!
    printed.write(
      last[1]!.replaceAll('/F', '/X'),
      last.index + last[0].length - last[1]!.length - 2,
      'latin1'
    )
    expect(await drawNumbers(printed, numbers)).toBeUndefined()
  })

  it('draws nothing into a print that lacks a placeholder', async () => {
    const bytes = await (async () => {
      const tab = await browser.newPage()
      await tab.setContent('<p>No placeholder here</p>')
      const printed = await tab.pdf({tagged: true})
      await tab.close()
      return printed
    })()
    expect(await drawNumbers(bytes, {labels: ['12'], aligns: ['start']})).toBeUndefined()
    expect(await drawNumbers(bytes, {labels: [], aligns: [], firstPage: 3})).toBeUndefined()
  })
})
