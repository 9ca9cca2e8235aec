import {readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {XMLParser, XMLValidator} from 'fast-xml-parser'
import {describe, expect, it} from 'vitest'
import {runCli} from '../helpers/cli.js'
import {copyFixtures} from '../helpers/fixtures.js'

// Crossref's XSD (crossref5.3.1.xsd and the schemas it imports) cannot be fetched here: the test checks the
// structure the schema asks for, element by element and in its order.
type Node = Record<string, unknown>
const parser = new XMLParser({ignoreAttributes: false, attributeNamePrefix: '@', preserveOrder: false})
const order = new XMLParser({ignoreAttributes: true, preserveOrder: true})
const childNames = (nodes: Node[]) => nodes.map((node) => Object.keys(node).find((key) => key !== ':@')!)

describe('proceedings export crossref', () => {
  it('writes a conference deposit of the volume and of each contribution with a DOI, with ORCID iDs, pages and abstracts', async () => {
    const dir = await copyFixtures('citable')
    expect((await runCli(['build', '.', '--no-cache'], {cwd: dir})).code).toBe(0)
    // A contribution without a DOI is left out of the deposit.
    const last = path.join(dir, 'contributions/last.md')
    await writeFile(last, (await readFile(last, 'utf8')).replace(/^doi: .*\n/m, ''))
    const result = await runCli(['export', 'crossref', '-o', 'deposit.xml'], {
      cwd: dir,
      env: {SOURCE_DATE_EPOCH: '1714608000'}
    })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toBe(
      'Crossref deposit of the volume and 2 contributions written to deposit.xml; 1 without a DOI left out: last\n'
    )
    const xml = await readFile(path.join(dir, 'deposit.xml'), 'utf8')
    expect(XMLValidator.validate(xml)).toBe(true)

    const batch = (parser.parse(xml) as Node).doi_batch as Node
    expect(batch['@version']).toBe('5.3.1')
    expect(batch['@xmlns']).toBe('http://www.crossref.org/schema/5.3.1')
    expect(batch.head).toEqual({
      doi_batch_id: '10.5555/citable.2024-20240502000000',
      timestamp: 20240502000000,
      depositor: {depositor_name: 'Fixture Press', email_address: 'doi@example.org'},
      registrant: 'Fixture Press'
    })
    const conference = (batch.body as Node).conference as Node
    expect(conference.proceedings_metadata).toMatchObject({
      proceedings_title: 'Citable Forum: Proceedings',
      isbn: '978-3-16-148410-0',
      doi_data: {doi: '10.5555/citable.2024', resource: 'https://proceedings.example.org/citable/'}
    })
    const papers = conference.conference_paper as Node[]
    expect(papers).toHaveLength(2)
    const middle = papers[1]!
    expect(middle).toMatchObject({
      titles: {title: 'Café & {braces} at 100% — Ñúñez’s “quotes”'},
      'jats:abstract': {'jats:p': 'An abstract of middle, with & and 50%.'},
      doi_data: {
        doi: '10.5555/citable.2024.middle',
        resource: 'https://proceedings.example.org/citable/contributions/middle.html'
      }
    })
    expect((middle.contributors as Node).person_name).toMatchObject({
      '@sequence': 'first',
      '@contributor_role': 'author',
      given_name: 'José',
      surname: 'Ñúñez',
      affiliations: {institution: {institution_name: 'Fixture University'}},
      ORCID: {'#text': 'https://orcid.org/0000-0002-1694-233X', '@authenticated': 'false'}
    })
    // The pages the build found for it.
    const manifest = JSON.parse(await readFile(path.join(dir, 'dist/proceedings.json'), 'utf8')) as {
      sessions: {contributions: {id: string; pages: {first: number; last: number}}[]}[]
    }
    const pages = manifest.sessions[0]!.contributions.find(
      (contribution) => contribution.id === 'middle'
    )!.pages
    expect(middle.pages).toEqual({first_page: pages.first, last_page: pages.last})

    // Elements in the order the schema's sequences give.
    const tree = order.parse(xml) as Node[]
    const doiBatch = tree.find((node) => 'doi_batch' in node)!.doi_batch as Node[]
    const body = doiBatch.find((node) => 'body' in node)!.body as Node[]
    const conferenceNodes = body[0]!.conference as Node[]
    expect(childNames(conferenceNodes)).toEqual([
      'event_metadata',
      'proceedings_metadata',
      'conference_paper',
      'conference_paper'
    ])
    const metadata = conferenceNodes[1]!.proceedings_metadata as Node[]
    expect(childNames(metadata)).toEqual([
      'proceedings_title',
      'publisher',
      'publication_date',
      'isbn',
      'doi_data'
    ])
    expect(childNames(conferenceNodes[3]!.conference_paper as Node[])).toEqual([
      'contributors',
      'titles',
      'jats:abstract',
      'publication_date',
      'pages',
      'doi_data'
    ])
  })

  it('refuses, with one message per missing item, a forum without url, depositor or DOI', async () => {
    const dir = await copyFixtures('minimal')
    const result = await runCli(['export', 'crossref'], {cwd: dir})
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr.split('\n').filter((line) => line.includes('[crossref-requirement]'))).toEqual([
      'forum.md:2:1: error Missing `url` in forum.md, needed for a Crossref deposit [crossref-requirement]',
      'forum.md:2:1: error Missing `depositor` in forum.md, needed for a Crossref deposit [crossref-requirement]',
      'forum.md:2:1: error Missing `doi` in forum.md, needed for a Crossref deposit [crossref-requirement]'
    ])
  })
})
