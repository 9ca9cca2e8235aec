import {readFile, readdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {PDFDocument} from 'pdf-lib'
import {describe, expect, it} from 'vitest'
import {checksum} from '../../src/util/checksum.js'
import {runCli} from '../helpers/cli.js'
import {copyFixtures} from '../helpers/fixtures.js'
import {danglingReferences, readPdf} from '../helpers/pdf.js'

const env = {SOURCE_DATE_EPOCH: '1700000000'}
const pdfLine = (stdout: string) => /^pdf: \d+ pages; (.*) \(\d+ ms\)$/m.exec(stdout)?.[1]

/**
 * Rewrites every piece Chromium printed into the build's cache of pieces, as `rewrite` makes it, with the
 * checksum the cache keeps beside it: the next build takes them as a browser that wrote them so had printed them.
 */
async function rewriteCachedPieces(dir: string, rewrite: (bytes: Uint8Array) => Promise<Uint8Array>) {
  const cache = path.join(dir, '.proceedings-cache/pdf')
  const pieces = (await readdir(cache)).filter((name) => name.endsWith('.pdf'))
  for (const name of pieces) {
    const about = path.join(cache, name.replace(/\.pdf$/, '.json'))
    const {pages, anchors} = JSON.parse(await readFile(about, 'utf8')) as {pages: number; anchors: unknown[]}
    const bytes = await rewrite(await readFile(path.join(cache, name)))
    await writeFile(path.join(cache, name), bytes)
    await writeFile(
      about,
      JSON.stringify({pages, anchors, sum: checksum(JSON.stringify([pages, anchors]), bytes)})
    )
  }
  return pieces.length
}

/** With object streams and a cross-reference stream, as a later Chromium might write a PDF. */
async function withObjectStreams(bytes: Uint8Array): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(bytes, {updateMetadata: false})
  const saved = await pdf.save({useObjectStreams: true, addDefaultPage: false, updateFieldAppearances: false})
  expect(Buffer.from(saved).toString('latin1')).toMatch(/\/Type \/XRef/)
  return saved
}

/** What a reader sees of a volume: its pages' text (their numbers too), bookmarks and page labels. */
async function seen(file: string) {
  const {pages, outline, labels} = await readPdf(file)
  return {pages: pages.map((page) => page.text), outline, labels}
}

describe('a browser that writes its PDFs in another shape', () => {
  it('is read through pdf-lib: pieces with object streams give the volume a clean build gives', async () => {
    const dir = await copyFixtures('basic')
    const first = await runCli(['build', '.', '--out', 'first'], {cwd: dir, env})
    expect(first.code).toBe(0)
    expect(await rewriteCachedPieces(dir, withObjectStreams)).toBe(5)

    // Every piece from the cache: the merge cannot read the three it takes, and merges them as pdf-lib rewrites them.
    const again = await runCli(['build', '.', '--out', 'again'], {cwd: dir, env})
    expect(again.stderr).toBe('')
    expect(pdfLine(again.stdout)).toBe(
      '0 pieces printed in 0 rounds, 5 from the cache, 3 prints rewritten by pdf-lib to be read'
    )
    const expected = await seen(path.join(dir, 'first/proceedings.pdf'))
    expect(expected.pages.length).toBeGreaterThan(3)
    expect(await seen(path.join(dir, 'again/proceedings.pdf'))).toEqual(expected)
    expect((await danglingReferences(path.join(dir, 'again/proceedings.pdf'))).dangling).toEqual([])

    // Pages added to the first session move the numbers of what follows: they are drawn into the contents'
    // print kept with object streams, once rewritten.
    const lengthened = path.join(dir, 'contributions/alpha/first-on-one.md')
    await writeFile(
      lengthened,
      (await readFile(lengthened, 'utf8')) + '\nA paragraph added to fill pages. '.repeat(400) + '\n'
    )
    const moved = await runCli(['build', '.', '--out', 'moved'], {cwd: dir, env})
    expect(pdfLine(moved.stdout)).toBe(
      '2 pieces printed in 1 round, 1 from the cache, numbers drawn into 2 pieces, 1 print rewritten by pdf-lib to be read'
    )
    const clean = await runCli(['build', '.', '--out', 'clean', '--no-cache'], {cwd: dir, env})
    expect(clean.code).toBe(0)
    const cleanVolume = await seen(path.join(dir, 'clean/proceedings.pdf'))
    expect(cleanVolume.pages.length).toBeGreaterThan(expected.pages.length)
    expect(await seen(path.join(dir, 'moved/proceedings.pdf'))).toEqual(cleanVolume)
  })

  it('stops with exit code 3 and says why when not even pdf-lib can read a piece', async () => {
    const dir = await copyFixtures('basic')
    expect((await runCli(['build', '.', '--out', 'first'], {cwd: dir, env})).code).toBe(0)
    await rewriteCachedPieces(dir, () => Promise.resolve(Buffer.from('%PDF-1.7\nnot a PDF any more\n')))
    const broken = await runCli(['build', '.', '--out', 'broken'], {cwd: dir, env})
    expect(broken.code).toBe(3)
    expect(broken.stderr.split('\n')[0]).toMatch(
      /^proceedings: A piece of the PDF as the browser printed it cannot be read: no startxref at its end, and pdf-lib finds no catalog in it either \(printing (the indexes|the cover and contents|session `alpha`, `beta`|sessions `alpha`, `beta`)\)$/
    )
  })
})
