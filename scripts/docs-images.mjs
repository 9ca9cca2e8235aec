// Renders the pictures in docs/ from the example forum: PDF pages with pdftoppm
// (Debian package poppler-utils) and HTML pages (a session, a contribution's own, a session of the
// Spanish edition) with Chromium.
import {execFileSync} from 'node:child_process'
import {mkdtempSync, renameSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import puppeteer from 'puppeteer-core'
import {findBrowser} from '../lib/browser/find-browser.js'

const out = mkdtempSync(path.join(os.tmpdir(), 'proceedings-docs-'))
execFileSync(process.execPath, ['bin/proceedings.js', 'build', 'content', '--out', out], {
  stdio: 'inherit',
  env: {...process.env, SOURCE_DATE_EPOCH: '1633392000'}
})

const pdf = path.join(out, 'proceedings.pdf')
const pdfText = (page) =>
  execFileSync('pdftotext', ['-f', String(page), '-l', String(page), pdf, '-'], {encoding: 'utf8'})
const pageCount = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], {encoding: 'utf8'}))[1])
const firstPage = (predicate) =>
  Array.from({length: pageCount}, (_, index) => index + 1).find((page) => predicate(pdfText(page)))
const sessionOpening = firstPage((text) => text.includes('MODERATORS') || text.includes('Moderators'))
const contribution = firstPage(
  (text) =>
    text.includes('Panel: how SSE partnerships') && text.includes('Panellist') && !text.includes('Contents')
)

for (const [name, page] of [
  ['pdf-cover', 1],
  ['pdf-contents', 2],
  ['pdf-session-opening', sessionOpening],
  ['pdf-contribution', contribution]
]) {
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '80',
    '-singlefile',
    '-f',
    String(page),
    '-l',
    String(page),
    pdf,
    path.join('docs', name)
  ])
}

const found = await findBrowser()
const browser = await puppeteer.launch({
  executablePath: found.executablePath,
  headless: found.headlessShell ? 'shell' : true,
  args: ['--no-sandbox']
})
const page = await browser.newPage()
await page.setViewport({width: 1280, height: 1000})
await page.goto(`file://${path.join(out, 'sessions/intercooperation-alliances.html')}`)
await page.screenshot({path: 'docs/html-session.png.tmp', type: 'png'})
renameSync('docs/html-session.png.tmp', 'docs/html-session.png')
await page.setViewport({width: 390, height: 844})
await page.goto(`file://${path.join(out, 'sessions/intercooperation-alliances.html')}`)
await page.screenshot({path: 'docs/html-phone.png'})
await page.setViewport({width: 1280, height: 1100})
await page.goto(`file://${path.join(out, 'contributions/research-networks-tangible-benefits.html')}`)
await page.screenshot({path: 'docs/html-landing.png'})
// The Spanish edition: its header with the language switcher, the concept note in its translation.
await page.setViewport({width: 1280, height: 1000})
await page.goto(`file://${path.join(out, 'es/sessions/intercooperation-alliances.html')}`)
await page.screenshot({path: 'docs/html-edition-es.png'})
await browser.close()
console.log('Wrote docs/*.png')
