import {createServer} from 'node:http'
import {readFile, writeFile} from 'node:fs/promises'
import type {AddressInfo} from 'node:net'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli} from '../helpers/cli.js'
import {copyFixtures} from '../helpers/fixtures.js'
import {readHtml, select, selectAll} from '../helpers/html.js'

const contribution = (body: string, extra = '') =>
  `---\ntitle: Hostile\nsession: s\nspeakers: [A]\nquestions: [1]\n${extra}---\n\n${body}\n`

describe('untrusted contributions', () => {
  it('drops images outside the content folder with a warning naming file and line', async () => {
    const dir = await copyFixtures('minimal')
    await writeFile(
      path.join(dir, 'contributions/images.md'),
      contribution(
        'Text.\n\n![escape](../../secret.png)\n\n![absolute](/etc/passwd)\n\n![file](file:///etc/passwd)\n\n![missing](nothere.png)\n\n![folder](.)'
      )
    )
    const {stderr, code} = await runCli(['build', '.', '--format', 'html'], {cwd: dir})
    expect(code).toBe(0)
    expect(stderr.split('\n').filter((line) => line.startsWith('contributions/'))).toEqual([
      'contributions/images.md:10:1: warning Image `../../secret.png` refused, expected a file inside the content folder [image-path]',
      'contributions/images.md:12:1: warning Image `/etc/passwd` refused, expected a path relative to the file [image-path]',
      'contributions/images.md:14:1: warning Image `file:///etc/passwd` refused, expected a path relative to the file [image-path]',
      'contributions/images.md:16:1: warning Image `nothere.png` not found [missing-image]',
      'contributions/images.md:18:1: warning Image `.` refused: expected a file, found a folder [unreadable-image]'
    ])
    const page = await readHtml(path.join(dir, 'dist/sessions/s.html'))
    expect(selectAll('[id="c:images"] img', page)).toEqual([])
  })

  it('removes scripts, handlers and javascript: links from the pages', async () => {
    const dir = await copyFixtures('minimal')
    await writeFile(
      path.join(dir, 'contributions/xss.md'),
      contribution(
        '<script>alert(1)</script>\n\n<img src="x.png" onerror="alert(1)">\n\n<a href="javascript:alert(1)">link</a>\n\n<iframe src="https://example.org"></iframe>\n\n<form><input name="q"></form>\n\n<p style="position:fixed">styled</p>'
      )
    )
    expect((await runCli(['build', '.', '--format', 'html'], {cwd: dir})).code).toBe(0)
    const html = await readFile(path.join(dir, 'dist/sessions/s.html'), 'utf8')
    const article = html.slice(
      html.indexOf('id="c:xss"'),
      html.indexOf('</article>', html.indexOf('id="c:xss"'))
    )
    expect(article).not.toMatch(/<script|onerror|javascript:|<iframe|<form|style=/i)
    // GitHub's schema keeps inputs only as disabled task-list checkboxes.
    expect(article.match(/<input[^>]*>/g)).toEqual(['<input name="q" disabled type="checkbox">'])
    expect(article).toContain('styled')
  })

  it('reads UTF-8 with a byte order mark and CRLF line endings', async () => {
    const dir = await copyFixtures('minimal')
    const text = '\ufeff' + contribution('Ligne un.\n\nLigne deux.').replace(/\n/g, '\r\n')
    await writeFile(path.join(dir, 'contributions/windows é.md'), text)
    const {code, stderr} = await runCli(['build', '.', '--format', 'html,json'], {cwd: dir})
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const manifest = JSON.parse(await readFile(path.join(dir, 'dist/proceedings.json'), 'utf8'))
    expect(
      manifest.sessions[1].contributions.map((item: {id: string; source: string}) => [item.id, item.source])
    ).toContainEqual(['windows-é', 'contributions/windows é.md'])
    const page = await readHtml(path.join(dir, 'dist/sessions/s.html'))
    expect(select('[id="c:windows-é"] p', page)).toBeDefined()
  })

  it('refuses a file over the size limit without parsing it', async () => {
    const dir = await copyFixtures('minimal')
    await writeFile(path.join(dir, 'contributions/huge.md'), contribution('word '.repeat(600_000)))
    const {stderr, code} = await runCli(['check', '.'], {cwd: dir})
    expect(stderr.split('\n')[0]).toBe(
      'contributions/huge.md:1:1: error File too large: 2.9 MiB, expected at most 2.0 MiB [file-too-large]'
    )
    expect(code).toBe(1)
  })

  it('lets no request leave the build while printing the PDF', async () => {
    let connections = 0
    const server = createServer((_request, response) => response.end('x'))
    server.on('connection', () => connections++)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const {port} = server.address() as AddressInfo
    try {
      const dir = await copyFixtures('minimal')
      await writeFile(
        path.join(dir, 'contributions/remote.md'),
        contribution(
          `![remote](http://127.0.0.1:${port}/image.png)\n\n<img src="http://127.0.0.1:${port}/raw.png">\n\n[link](http://127.0.0.1:${port}/page)`
        )
      )
      const {code} = await runCli(['build', '.', '--format', 'pdf'], {cwd: dir})
      expect(code).toBe(0)
      expect(connections).toBe(0)
    } finally {
      server.close()
    }
  })
})
