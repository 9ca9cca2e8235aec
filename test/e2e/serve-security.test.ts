import {spawn, type ChildProcess} from 'node:child_process'
import {request, type IncomingHttpHeaders} from 'node:http'
import {symlink} from 'node:fs/promises'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {binPath} from '../helpers/cli.js'
import {copyFixtures} from '../helpers/fixtures.js'

let dir: string
let child: ChildProcess
let port: number
let stderr = ''

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** A request as any client may send it, with the `Host` and other headers it chooses (a browser could not forge them). */
function send(
  pathname: string,
  options: {method?: string; headers?: Record<string, string>} = {}
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sent = request(
      {
        host: '127.0.0.1',
        port,
        path: pathname,
        method: options.method ?? 'GET',
        headers: {host: `127.0.0.1:${port}`, ...options.headers}
      },
      (response) => {
        let body = ''
        response.setEncoding('latin1')
        response.on('data', (chunk: string) => (body += chunk))
        response.on('end', () => resolve({status: response.statusCode!, headers: response.headers, body}))
      }
    )
    sent.on('error', reject)
    sent.end()
  })
}

beforeAll(async () => {
  dir = await copyFixtures('minimal', 'images')
  await symlink('/etc/passwd', path.join(dir, 'contributions/pictures/passwd.png'))
  await symlink('../draft.md', path.join(dir, 'contributions/pictures/to-draft.png'))
  child = spawn(process.execPath, [binPath, 'serve', '.', '--port', '0', '--drafts'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  port = await new Promise<number>((resolve, reject) => {
    let stdout = ''
    child.stdout!.on('data', (chunk) => {
      stdout += chunk
      const match = /at http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout)
      if (match) resolve(Number(match[1]))
    })
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)))
  })
}, 60_000)

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.on('exit', resolve))
    child.kill('SIGINT')
    await exited
  }
})

describe('serve, as a page of another site would call it', () => {
  it('answers only to loopback names with its own port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      const answer = await send('/sessions/s.html', {headers: {host}})
      expect([host, answer.status]).toEqual([host, 200])
      expect(answer.body).toContain('Unpublished draft')
    }
    // DNS rebinding: another site's name pointed at 127.0.0.1, and other ports or look-alike names.
    for (const host of [
      `evil.example:${port}`,
      'evil.example',
      `127.0.0.1:${port + 1}`,
      '127.0.0.1',
      `localhost.:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `localhost:${port}@evil.example`
    ]) {
      const answer = await send('/sessions/s.html', {headers: {host}})
      expect([host, answer.status]).toEqual([host, 421])
      expect(answer.body).not.toContain('Unpublished draft')
    }
    expect((await send('/proceedings.json', {headers: {host: `evil.example:${port}`}})).status).toBe(421)
    expect((await send('/__proceedings/events', {headers: {host: `evil.example:${port}`}})).status).toBe(421)
  })

  it('answers GET and HEAD only, and never with CORS headers', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const answer = await send('/index.html', {
        method,
        headers: {origin: 'https://evil.example', 'access-control-request-method': 'GET'}
      })
      expect([method, answer.status, answer.headers.allow]).toEqual([method, 405, 'GET, HEAD'])
    }
    const head = await send('/index.html', {method: 'HEAD'})
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
    for (const file of [
      '/index.html',
      '/proceedings.json',
      '/assets/style.css',
      '/nothing',
      '/__proceedings/live-reload.js'
    ]) {
      const answer = await send(file, {headers: {origin: 'https://evil.example'}})
      expect(
        Object.keys(answer.headers).filter((name) => name.startsWith('access-control-')),
        file
      ).toEqual([])
      // Nor may another site's page embed what it serves.
      expect(answer.headers['cross-origin-resource-policy'], file).toBe('same-origin')
      expect(answer.headers['x-content-type-options'], file).toBe('nosniff')
    }
  })

  it('prints the PDF only for its own pages or a link opened directly', async () => {
    const refused: Record<string, string>[] = [
      {'sec-fetch-site': 'cross-site'},
      {'sec-fetch-site': 'same-site'},
      {origin: 'https://evil.example'},
      {origin: 'null'},
      {referer: 'https://evil.example/page.html'},
      {referer: `http://evil.example:${port}/`}
    ]
    for (const headers of refused) {
      const answer = await send('/proceedings.pdf', {headers})
      expect([headers, answer.status]).toEqual([headers, 403])
    }
    const own = await send('/proceedings.pdf', {
      headers: {'sec-fetch-site': 'same-origin', referer: `http://127.0.0.1:${port}/index.html`}
    })
    expect(own.status).toBe(200)
    expect(own.body.startsWith('%PDF-')).toBe(true)
    const allowed: Record<string, string>[] = [
      {'sec-fetch-site': 'none'},
      {origin: `http://localhost:${port}`},
      {referer: `http://[::1]:${port}/sessions/s.html`},
      {}
    ]
    for (const headers of allowed) {
      expect([headers, (await send('/proceedings.pdf', {headers})).status]).toEqual([headers, 200])
    }
  }, 120_000)

  it('serves images under the rules of the build, and no other file of the content folder', async () => {
    const page = (await send('/sessions/s.html')).body
    const images = [
      ...page.matchAll(/<img src="\.\.\/(assets\/content\/[0-9a-f]{32}\.(png|jpg|gif|webp|avif))"/g)
    ].map((match) => match[1]!)
    expect(new Set(images).size).toBe(7)
    for (const image of images) {
      const answer = await send(`/${image}`)
      expect(answer.status).toBe(200)
      expect(answer.headers['content-type']).toMatch(/^image\//)
    }
    expect(page).not.toContain('passwd.png"')
    for (const file of [
      '/contributions/draft.md',
      '/contributions/pictures/passwd.png',
      '/contributions/pictures/to-draft.png',
      '/.env',
      '/.secret/key.png',
      '/../forum.md',
      '/%2e%2e/forum.md',
      '/assets/../forum.md',
      '/assets/contributions/pictures/chart.png'
    ]) {
      const answer = await send(file)
      expect([file, answer.status]).toEqual([file, 404])
      expect(answer.body).not.toMatch(/root:|SECRET_TOKEN|draft text/)
    }
    expect((await send('/%E0%A4%A')).status).toBe(400)
  })

  it("sends the site's policy with every page, and the live-reload script as a file of its own", async () => {
    const answer = await send('/index.html')
    const policy = answer.headers['content-security-policy']
    expect(policy).toContain("script-src 'self'")
    expect(policy).toContain("frame-ancestors 'none'")
    expect(answer.body).toContain(
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:;"
    )
    expect(answer.body).toContain('<script src="/__proceedings/live-reload.js"></script>')
    expect(answer.body).not.toMatch(/<script>|<script nonce/)
    const script = await send('/__proceedings/live-reload.js')
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(script.body).toContain("new EventSource('/__proceedings/events')")
  })
})
