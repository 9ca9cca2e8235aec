import {spawn, type ChildProcess} from 'node:child_process'
import {readFile, rename, rm, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {binPath} from '../helpers/cli.js'
import {copyFixtures} from '../helpers/fixtures.js'
import {followEvents} from '../helpers/serve-process.js'

let dir: string
let child: ChildProcess
let url: string
let stderr = ''
let events: () => string = () => ''

/** Waits until the event stream has carried `count` events of a name. */
async function waitForEvents(name: string, count: number, timeoutMs = 10_000) {
  const started = Date.now()
  while ((events().match(new RegExp(`^event: ${name}$`, 'gm')) ?? []).length < count) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`No ${name} event #${count}; events so far:\n${events()}\nstderr:\n${stderr}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

const page = async (file: string) => {
  const response = await fetch(new URL(file, url))
  return {status: response.status, type: response.headers.get('content-type'), text: await response.text()}
}

beforeAll(async () => {
  dir = await copyFixtures('basic')
  child = spawn(process.execPath, [binPath, 'serve', '.', '--port', '0'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  url = await new Promise<string>((resolve, reject) => {
    let stdout = ''
    child.stdout!.on('data', (chunk) => {
      stdout += chunk
      const match = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)
      if (match) resolve(match[1]!)
    })
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)))
  })
  events = await followEvents(url)
})

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.on('exit', resolve))
    child.kill('SIGINT')
    await exited
  }
})

describe('proceedings serve', () => {
  it('serves the site on 127.0.0.1 with the live-reload script', async () => {
    const index = await page('/')
    expect(index.status).toBe(200)
    expect(index.text).toContain('<h1>Test Forum on Cooperation</h1>')
    expect(index.text).toContain('<script src="/__proceedings/live-reload.js"></script>')
    expect((await page('/__proceedings/live-reload.js')).text).toContain(
      "new EventSource('/__proceedings/events')"
    )
    expect((await page('/sessions/alpha.html')).text).toContain('Zeta first on question one')
    // Each contribution's own page and citation, as the build writes them.
    expect((await page('/contributions/first-on-one.html')).text).toContain('<h1 class="landing-title"')
    expect((await page('/contributions/first-on-one.bib')).text).toMatch(/^@inproceedings\{first-on-one,/)
    expect((await page('/assets/style.css')).type).toBe('text/css; charset=utf-8')
    expect((await page('/nothing.html')).status).toBe(404)
  })

  it('rebuilds on an atomic save and tells the page to reload', async () => {
    const file = path.join(dir, 'contributions/alpha/second-on-one.md')
    const text = await readFile(file, 'utf8')
    // Editors save by writing a temporary file and renaming it over the original.
    await writeFile(
      `${file}.tmp`,
      text.replace('title: Second on question one', 'title: Second, edited live')
    )
    await rename(`${file}.tmp`, file)
    await waitForEvents('reload', 1)
    expect((await page('/sessions/alpha.html')).text).toContain('Second, edited live')
  })

  it('keeps serving the last good pages when a file is broken, and shows its diagnostics', async () => {
    await writeFile(
      path.join(dir, 'contributions/alpha/half-written.md'),
      '---\ntitle: Half\nsession: alpha\nspeak'
    )
    await waitForEvents('problems', 1)
    expect(events()).toMatch(
      /event: problems\ndata: \[".*contributions\/alpha\/half-written\.md:\d+:\d+: error /
    )
    expect(stderr).toMatch(
      /contributions\/alpha\/half-written\.md:\d+:\d+: error .*\n[\s\S]*still serving the last good pages/
    )
    expect((await page('/sessions/alpha.html')).text).toContain('Second, edited live')

    await rm(path.join(dir, 'contributions/alpha/half-written.md'))
    await waitForEvents('reload', 2)
  })

  it('follows renames and deletions', async () => {
    await rename(
      path.join(dir, 'contributions/alpha/untagged.md'),
      path.join(dir, 'contributions/alpha/renamed.md')
    )
    await waitForEvents('reload', 3)
    const alpha = (await page('/sessions/alpha.html')).text
    expect(alpha).toContain('id="c:renamed"')
    expect(alpha).not.toContain('id="c:untagged"')
  })

  it('prints the PDF on request', async () => {
    const response = await fetch(new URL('proceedings.pdf', url))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/pdf')
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 5)
        .toString()
    ).toBe('%PDF-')
  })
})
