import {mkdir, readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runCli} from '../helpers/cli.js'
import {copyFixtures, tempDir} from '../helpers/fixtures.js'
import {followEvents, startServe, type ServeProcess} from '../helpers/serve-process.js'

/**
 * `serve` makes the contribution pages and the citation files when they are
 * asked for: what a reader gets from each address is what `build` writes
 * there (pages with the live-reload script), in every edition, and after an
 * edit it is made again from the edited contribution.
 */
let dir: string
let server: ServeProcess
let events: () => string = () => ''

/** The contribution not translated: its title is the same in both editions. */
const contribution = 'contributions/coop/transport.md'
const addresses = ['contributions/transport.html', 'contributions/transport.bib', 'proceedings.bib'].flatMap(
  (file) => [file, `es/${file}`]
)
const liveReload = '<script src="/__proceedings/live-reload.js"></script>'

const get = async (address: string) => {
  const response = await fetch(new URL(address, server.url))
  return {status: response.status, type: response.headers.get('content-type'), text: await response.text()}
}

/** What `build` writes at each address, and what `serve` answers there (a page without its live-reload script). */
async function builtAndServed() {
  // Written outside the forum, which serve watches.
  const out = await tempDir()
  const result = await runCli(['build', '.', '--out', out, '--format', 'html,json', '--no-cache'], {cwd: dir})
  expect(result.code, result.stderr).toBe(0)
  const pairs: {address: string; built: string; served: string}[] = []
  for (const address of addresses) {
    const served = await get(address)
    expect(served.status, address).toBe(200)
    // A reference manager takes a citation file by its type.
    if (address.endsWith('.bib')) expect(served.type, address).toBe('application/x-bibtex; charset=utf-8')
    pairs.push({
      address,
      built: await readFile(path.join(out, address), 'utf8'),
      served: served.text.replace(liveReload, '')
    })
  }
  return pairs
}

const reloads = () => (events().match(/^event: reload$/gm) ?? []).length

async function waitForReloads(count: number) {
  const started = Date.now()
  while (reloads() < count) {
    if (Date.now() - started > 15_000) throw new Error(`No reload #${count}; events so far:\n${events()}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

beforeAll(async () => {
  dir = await copyFixtures('editions')
  server = await startServe(['--port', '0'], dir)
  events = await followEvents(server.url)
}, 60_000)

afterAll(async () => {
  await server?.stop()
})

describe('serve: contribution pages and citation files', () => {
  it('answers each address with what the build writes there, in both editions, before and after an edit', async () => {
    for (const {address, built, served} of await builtAndServed()) expect(served, address).toBe(built)
    expect((await get('contributions/transport.html')).text).toContain(liveReload)

    const file = path.join(dir, contribution)
    const text = await readFile(file, 'utf8')
    const before = reloads()
    await writeFile(
      file,
      text.replace('title: Cooperative transport', 'title: Cooperative transport, edited live')
    )
    await waitForReloads(before + 1)
    for (const address of addresses) {
      const {status, text} = await get(address)
      expect(status, address).toBe(200)
      expect(text, address).toContain('Cooperative transport, edited live')
    }
    for (const {address, built, served} of await builtAndServed()) expect(served, address).toBe(built)
  }, 90_000)

  it('answers 404 for the page or citation of an unknown contribution, in every edition', async () => {
    for (const address of [
      'contributions/nobody.html',
      'contributions/nobody',
      'es/contributions/nobody.html',
      'contributions/nobody.bib',
      'es/contributions/nobody.ris'
    ])
      expect((await get(address)).status, address).toBe(404)
  })
})

describe("serve: a contribution page that the forum's own template fails to render", () => {
  it('shows the error as a rebuild does, and the rest of the site is served', async () => {
    const forum = await copyFixtures('editions')
    await mkdir(path.join(forum, 'templates'))
    await writeFile(path.join(forum, 'templates/contribution-page.hbs'), '<p>{{noSuchHelper title}}</p>\n')
    const broken = await startServe(['--port', '0'], forum)
    try {
      const page = await fetch(new URL('contributions/transport.html', broken.url))
      expect(page.status).toBe(500)
      const html = await page.text()
      expect(html).toMatch(/<pre id="proceedings-problems" role="alert">.*noSuchHelper/)
      expect(html).toContain(liveReload)
      expect((await fetch(new URL('contributions/transport.bib', broken.url))).status).toBe(200)
      expect((await fetch(new URL('sessions/coop.html', broken.url))).status).toBe(200)
    } finally {
      await broken.stop()
    }
  }, 60_000)
})
