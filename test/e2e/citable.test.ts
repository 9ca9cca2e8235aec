import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {parse as parseBibtex} from '@retorquere/bibtex-parser'
import {beforeAll, describe, expect, it} from 'vitest'
import {runCli} from '../helpers/cli.js'
import {copyFixtures} from '../helpers/fixtures.js'
import {readHtml, select, selectAll, text} from '../helpers/html.js'
import {pdftotext, readPdf, type PdfReading} from '../helpers/pdf.js'

/** A forum with DOIs and ORCID iDs, whose middle contribution's title holds `&`, braces, `%` and accents. */
const middleTitle = 'Café & {braces} at 100% — Ñúñez’s “quotes”'

let dir: string
let out: string
let volume: PdfReading

beforeAll(async () => {
  dir = await copyFixtures('citable')
  out = path.join(dir, 'out')
  const result = await runCli(['build', '.', '--out', out, '--no-cache'], {cwd: dir})
  expect(result.code, result.stderr).toBe(0)
  volume = await readPdf(path.join(out, 'proceedings.pdf'))
}, 120_000)

const meta = (page: Awaited<ReturnType<typeof readHtml>>, name: string) =>
  selectAll(`meta[name="${name}"]`, page).map((element) => String(element.properties.content))

describe('every contribution a citable publication', () => {
  it('gives each contribution a landing page whose citation_firstpage is the volume page its title stands on', async () => {
    const page = await readHtml(path.join(out, 'contributions/middle.html'))
    expect(text(select('h1', page))).toBe(middleTitle)
    expect(meta(page, 'citation_title')).toEqual([middleTitle])
    expect(meta(page, 'citation_author')).toEqual(['José Ñúñez'])
    expect(meta(page, 'citation_author_institution')).toEqual(['Fixture University'])
    expect(meta(page, 'citation_author_orcid')).toEqual(['https://orcid.org/0000-0002-1694-233X'])
    expect(meta(page, 'citation_doi')).toEqual(['10.5555/citable.2024.middle'])
    expect(meta(page, 'citation_conference_title')).toEqual(['Citable Forum'])
    expect(meta(page, 'citation_publication_date')).toEqual(['2024/05/02'])
    expect(String(select('link[rel="canonical"]', page)?.properties.href)).toBe(
      'https://proceedings.example.org/citable/contributions/middle.html'
    )
    const [first] = meta(page, 'citation_firstpage')
    const [last] = meta(page, 'citation_lastpage')
    const index = volume.labels!.indexOf(first!)
    expect(index).toBeGreaterThan(0)
    expect(volume.pages[index]!.text).toContain('Café & {braces} at 100%')
    expect(volume.pages[index - 1]!.text).not.toContain('Café & {braces} at 100%')
    // Its text runs to its last page, where the next contribution starts.
    expect(volume.pages[volume.labels!.indexOf(last!)]!.text).toMatch(/middleword\d+/)

    // Its place in the session page, its neighbours, and the way back from the session page.
    const links = selectAll('a', page).map((link) => String(link.properties.href))
    expect(links).toContain('../sessions/s.html#c:middle')
    expect(links).toContain('../sessions/s.html#s:s:q1')
    expect(String(select('a[rel="prev"]', page)?.properties.href)).toBe('first.html')
    expect(String(select('a[rel="next"]', page)?.properties.href)).toBe('last.html')
    expect(links).toEqual(expect.arrayContaining(['middle.bib', 'middle.ris', 'middle.csl.json']))
    // The volume opened at its first page, counted from the cover.
    expect(links).toContain(`../proceedings.pdf#page=${index + 1}`)
    expect(String(select('a.orcid', page)?.properties.href)).toBe('https://orcid.org/0000-0002-1694-233X')
    expect(text(select('.citation', page))).toContain(`pp. ${first}–${last}`)
    const session = await readHtml(path.join(out, 'sessions/s.html'))
    expect(String(select('[id="c:middle"] .permalink a', session)?.properties.href)).toBe(
      '../contributions/middle.html'
    )
    expect(text(select('.site-footer', session))).toContain('License: CC-BY-4.0')
    expect(volume.pages[0]!.text).toContain(
      'ISBN 978-3-16-148410-0 · DOI 10.5555/citable.2024 · License: CC-BY-4.0'
    )
  })

  it("gives each contribution a PDF of its own: its text and none of its neighbours', its pages numbered as in the volume, a citation line, its metadata and bookmark", async () => {
    const file = path.join(out, 'contributions/middle.pdf')
    const whole = await pdftotext(file)
    expect(whole).toContain('middleword0 ')
    expect(whole).toContain('middleword119')
    // The contributions before and after it share its first and last pages in the volume, but not its PDF.
    expect(whole).not.toMatch(/firstword|lastword|First contribution|The last word/)

    const page = await readHtml(path.join(out, 'contributions/middle.html'))
    const [first] = meta(page, 'citation_firstpage')
    const [last] = meta(page, 'citation_lastpage')
    const own = await readPdf(file)
    expect(own.labels![0]).toBe(first)
    expect(own.labels!.at(-1)).toBe(last)
    expect(own.pages.length).toBe(Number(last) - Number(first) + 1)
    // The number printed on its first page is its first page in the volume, and the citation line is there.
    expect(own.pages[0]!.lines).toContain(first)
    const citationLine = `Citable Forum, Proceedings, 2024 · Pages in the volume ${first}–${last} · https://doi.org/10.5555/citable.2024.middle · License: CC-BY-4.0`
    expect((await pdftotext(file, 1)).replace(/\s+/g, ' ')).toContain(citationLine)
    expect(await pdftotext(file, 2)).not.toContain('Pages in the volume')
    expect(own.info).toMatchObject({
      Title: middleTitle,
      Author: 'José Ñúñez',
      Keywords: 'fixtures; middle',
      Language: 'en'
    })
    expect(own.marked).toBe(true)
    expect(own.structure.roles).toContain('P')
    expect(own.outline).toEqual([{title: middleTitle, items: []}])

    // The landing page, the manifest and Google Scholar's tag point at it.
    expect(selectAll('a', page).map((link) => String(link.properties.href))).toContain('middle.pdf')
    expect(meta(page, 'citation_pdf_url')).toEqual([
      'https://proceedings.example.org/citable/contributions/middle.pdf'
    ])
    const manifest = JSON.parse(await readFile(path.join(out, 'proceedings.json'), 'utf8')) as {
      sessions: {contributions: {id: string; pdf: string | null}[]}[]
    }
    expect(manifest.sessions[0]!.contributions.map(({pdf}) => pdf)).toEqual([
      'contributions/first.pdf',
      'contributions/middle.pdf',
      'contributions/last.pdf'
    ])

    // A session's PDF holds its pages whole, numbered as in the volume, with its bookmarks.
    const session = await readPdf(path.join(out, 'sessions/s.pdf'))
    const text = await pdftotext(path.join(out, 'sessions/s.pdf'))
    for (const word of ['firstword119', 'middleword119', 'lastword119']) expect(text).toContain(word)
    expect(session.labels![0]).toBe('1')
    expect(session.info).toMatchObject({Title: 'The one session'})
    expect(session.outline[0]!.title).toBe('The one session')
  })

  it('keeps the PDFs of contributions and sessions in the cache: a rebuild of the same content cuts none again', async () => {
    const cached = await copyFixtures('citable')
    const env = {SOURCE_DATE_EPOCH: '1714608000'}
    const build = () => runCli(['build', '.', '--out', 'out', '--cache-dir', 'cache'], {cwd: cached, env})
    const first = await build()
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toMatch(/^parts: 4 PDFs of contributions and sessions, 4 made, 0 from the cache/m)
    const before = await readFile(path.join(cached, 'out/contributions/middle.pdf'))
    const again = await build()
    expect(again.stdout).toMatch(/^parts: 4 PDFs of contributions and sessions, 0 made, 4 from the cache/m)
    expect(Buffer.compare(await readFile(path.join(cached, 'out/contributions/middle.pdf')), before)).toBe(0)
  })

  it('writes citation files that an independent BibTeX parser reads back, special characters and all', async () => {
    const volumeBib = parseBibtex(await readFile(path.join(out, 'proceedings.bib'), 'utf8'), {
      sentenceCase: false
    })
    expect(volumeBib.errors).toEqual([])
    expect(volumeBib.entries.map((entry) => [entry.type, entry.key])).toEqual([
      ['book', 'proceedings'],
      ['inproceedings', 'first'],
      ['inproceedings', 'middle'],
      ['inproceedings', 'last']
    ])
    const own = parseBibtex(await readFile(path.join(out, 'contributions/middle.bib'), 'utf8'), {
      sentenceCase: false
    })
    expect(own.errors).toEqual([])
    const [entry] = own.entries
    expect(entry!.fields.title).toBe(middleTitle)
    expect(entry!.fields.author).toEqual([{lastName: 'Ñúñez', firstName: 'José'}])
    expect(entry!.fields.doi).toBe('10.5555/citable.2024.middle')
    const greek = volumeBib.entries.find((item) => item.key === 'last')!
    expect(greek.fields.author).toEqual([{lastName: 'Παπαδοπούλου', firstName: 'Αθηνά'}])

    const csl = JSON.parse(await readFile(path.join(out, 'contributions/middle.csl.json'), 'utf8')) as {
      title: string
      DOI: string
      author: unknown[]
    }[]
    expect(csl).toMatchObject([{title: middleTitle, DOI: '10.5555/citable.2024.middle'}])
    const ris = await readFile(path.join(out, 'contributions/middle.ris'), 'utf8')
    expect(ris).toMatch(/^TY {2}- CONF$/m)
    expect(ris).toContain(`TI  - ${middleTitle}`)
    expect(ris).toContain('DO  - 10.5555/citable.2024.middle')
  })

  it('lists the pages, addresses, DOIs and ORCID iDs in proceedings.json, and every page in the sitemap', async () => {
    const manifest = JSON.parse(await readFile(path.join(out, 'proceedings.json'), 'utf8')) as {
      forum: {doi: string; license: string}
      sessions: {
        contributions: {
          id: string
          pages: {first: number; last: number}
          url: string
          doi: string
          speakers: {orcid: string | null}[]
        }[]
      }[]
    }
    expect(manifest.forum).toMatchObject({doi: '10.5555/citable.2024', license: 'CC-BY-4.0'})
    const middle = manifest.sessions[0]!.contributions.find((contribution) => contribution.id === 'middle')!
    const page = await readHtml(path.join(out, 'contributions/middle.html'))
    expect(middle).toMatchObject({
      url: 'contributions/middle.html',
      doi: '10.5555/citable.2024.middle',
      pages: {
        first: Number(meta(page, 'citation_firstpage')[0]),
        last: Number(meta(page, 'citation_lastpage')[0])
      },
      speakers: [{orcid: '0000-0002-1694-233X'}]
    })
    // Without the site, a contribution has no page to point at, and without the PDF, no pages.
    expect((await runCli(['build', '.', '--out', 'json-only', '--format', 'json'], {cwd: dir})).code).toBe(0)
    const alone = JSON.parse(
      await readFile(path.join(dir, 'json-only/proceedings.json'), 'utf8')
    ) as typeof manifest
    expect(alone.sessions[0]!.contributions[1]).toMatchObject({id: 'middle', url: null, pages: null})
    const sitemap = await readFile(path.join(out, 'sitemap.xml'), 'utf8')
    expect(sitemap).toContain('<loc>https://proceedings.example.org/citable/contributions/middle.html</loc>')
    expect(sitemap).toContain('<loc>https://proceedings.example.org/citable/sessions/s.html</loc>')
  })

  it('fails check on an invalid ORCID iD, naming the speaker', async () => {
    const broken = await copyFixtures('citable')
    const file = path.join(broken, 'contributions/first.md')
    const {writeFile} = await import('node:fs/promises')
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('0000-0002-1825-0097', '0000-0002-1825-0079')
    )
    const result = await runCli(['check', '.'], {cwd: broken})
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      'contributions/first.md:7:12: error Invalid ORCID iD of speaker `Ada Lovelace`: expected the check digit `0` at its end, found `0000-0002-1825-0079` [invalid-orcid]'
    )
  })
})
