import {cp, mkdir, readdir, readFile, rename, stat, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli} from '../helpers/cli.js'
import {repoDir, tempDir} from '../helpers/fixtures.js'
import {readHtml, select, text} from '../helpers/html.js'
import {pdfPages} from '../helpers/pdf.js'
import {startServe} from '../helpers/serve-process.js'

const exists = async (file: string) => (await stat(file).catch(() => undefined)) !== undefined

/** A temporary folder with a forum started by `proceedings init <name>` in it; returns the forum's folder. */
async function initedForum(name = 'myforum'): Promise<string> {
  const parent = await tempDir()
  expect(await runCli(['init', name], {cwd: parent})).toMatchObject({code: 0, stderr: ''})
  return path.join(parent, name)
}

/** A project holding the example forum as `content/`, as this repository does. */
async function projectWithExample(): Promise<string> {
  const project = await tempDir()
  await cp(path.join(repoDir, 'content'), path.join(project, 'content'), {recursive: true})
  return project
}

describe('commands find the forum from the folder they run in', () => {
  it('builds, PDF included, right after `proceedings init` in an empty folder, into the folders its .gitignore lists', async () => {
    const dir = await tempDir()
    expect(await runCli(['init'], {cwd: dir})).toMatchObject({code: 0, stderr: ''})
    const built = await runCli(['build'], {cwd: dir})
    // The placeholders init writes are warned about, never errors.
    expect(built.stderr).not.toMatch(/: error /)
    expect(built.code).toBe(0)
    expect(built.stdout).toMatch(/^Built 1 session, 1 contribution into dist\//m)
    expect((await pdfPages(path.join(dir, 'dist/proceedings.pdf')))[0]).toContain('TODO: forum title')
    expect((await readdir(path.join(dir, '.proceedings-cache'))).length).toBeGreaterThan(0)
    const ignored = (await readFile(path.join(dir, '.gitignore'), 'utf8')).split('\n')
    expect(ignored).toEqual(expect.arrayContaining(['/dist/', '/.proceedings-cache/']))
    // Nothing else appeared beside the forum but what the .gitignore lists.
    expect((await readdir(dir)).sort()).toEqual([
      '.github',
      '.gitignore',
      '.proceedings-cache',
      'contributions',
      'dist',
      'forum.md',
      'package.json',
      'sessions',
      'vendor'
    ])
  }, 120_000)

  it('serves a forum started with `proceedings init myforum`, from inside it, with no folder given', async () => {
    const dir = await initedForum()
    const server = await startServe(['--port', '0'], dir)
    try {
      expect(server.stdout()).toContain('Serving . at ')
      const response = await fetch(new URL('sessions/first-session.html', server.url))
      expect(response.status).toBe(200)
      const page = await response.text()
      expect(page).toContain('First session')
      expect(page).toContain('Welcome and opening remarks')
    } finally {
      await server.stop()
    }
    expect(await exists(path.join(dir, 'dist'))).toBe(false)
  })

  it('checks the whole forum from inside a folder of contributions, with paths from there', async () => {
    const dir = await initedForum()
    await mkdir(path.join(dir, 'contributions/round-1'))
    await rename(
      path.join(dir, 'contributions/first-session/welcome.md'),
      path.join(dir, 'contributions/round-1/welcome.md')
    )
    const inside = path.join(dir, 'contributions/round-1')
    const clean = await runCli(['check'], {cwd: inside})
    expect(clean).toMatchObject({code: 0})
    expect(clean.stderr).toMatch(/^\d+ warnings? in 3 files$/m)
    expect(clean.stderr).toMatch(/^welcome\.md:\d+:\d+: warning /m)

    await writeFile(
      path.join(dir, 'contributions/first-session/lost.md'),
      '---\ntitle: Lost\nsession: frist-session\nspeakers: [A. Speaker]\nquestions: [1]\n---\nText.\n'
    )
    const broken = await runCli(['check'], {cwd: inside})
    expect(broken.code).toBe(1)
    expect(broken.stderr).toMatch(/^\.\.\/first-session\/lost\.md:3:\d+: error .*frist-session/m)
  })

  it('writes a new contribution into the forum from any folder in it, and prints its path from there', async () => {
    const dir = await initedForum()
    const from = {
      [dir]: 'contributions/first-session/from-the-root.md',
      [path.join(dir, 'sessions')]: '../contributions/first-session/from-sessions.md',
      [path.join(dir, 'contributions/first-session')]: 'from-its-folder.md',
      [path.join(dir, '.github/workflows')]: '../../contributions/first-session/from-the-workflows.md'
    }
    for (const [cwd, shown] of Object.entries(from)) {
      const title = path.basename(shown, '.md').replaceAll('-', ' ')
      const result = await runCli(['new', 'contribution', '--session', 'first-session', '--title', title], {
        cwd
      })
      expect(result).toMatchObject({code: 0, stderr: '', stdout: `${shown}\n`})
      expect(
        await readFile(path.join(dir, 'contributions/first-session', path.basename(shown)), 'utf8')
      ).toContain(`title: ${title}`)
    }
    const session = await runCli(['new', 'session', 'second'], {cwd: path.join(dir, 'contributions')})
    expect(session).toMatchObject({code: 0, stdout: '../sessions/second.md\n'})
    expect(await exists(path.join(dir, 'sessions/second.md'))).toBe(true)
  })

  it("builds a project's content/ forum into the project's dist/, from its root or from any folder below it", async () => {
    const project = await projectWithExample()
    const fromRoot = await runCli(['build', '--format', 'html,json'], {cwd: project})
    expect(fromRoot.code).toBe(0)
    expect(fromRoot.stdout).toMatch(/^Built 2 sessions, \d+ contributions into dist\//m)
    const manifest = JSON.parse(await readFile(path.join(project, 'dist/proceedings.json'), 'utf8'))
    expect(manifest.sessions.map((session: {id: string}) => session.id)).toHaveLength(2)
    expect(await exists(path.join(project, '.proceedings-cache'))).toBe(true)

    await mkdir(path.join(project, 'notes'))
    for (const [cwd, out] of [
      [path.join(project, 'content/sessions'), '../../dist/'],
      [path.join(project, 'notes'), '../dist/']
    ] as const) {
      const below = await runCli(['build', '--format', 'html'], {cwd})
      expect(below.code).toBe(0)
      expect(below.stdout).toContain(`into ${out} in `)
    }
    expect((await readdir(project)).sort()).toEqual(['.proceedings-cache', 'content', 'dist', 'notes'])
    expect((await readdir(path.join(project, 'content'))).sort()).toEqual([
      'contributions',
      'forum.es.md',
      'forum.fr.md',
      'forum.md',
      'sessions'
    ])
  })

  it("builds the forum folder it is given into that forum's project, not into the current folder", async () => {
    const dir = await initedForum()
    const parent = path.dirname(dir)
    const built = await runCli(['build', 'myforum', '--format', 'html'], {cwd: parent})
    expect(built.code).toBe(0)
    expect(built.stdout).toMatch(/^Built 1 session, 1 contribution into myforum\/dist\//m)
    const page = await readHtml(path.join(dir, 'dist/sessions/first-session.html'))
    expect(text(select('h1', page))).toContain('First session')
    expect(await exists(path.join(dir, '.proceedings-cache'))).toBe(true)
    expect((await readdir(parent)).sort()).toEqual(['myforum'])

    // A project given whose forum is its content/ folder.
    const project = await projectWithExample()
    const outer = path.dirname(project)
    const named = await runCli(['check', path.basename(project)], {cwd: outer})
    expect(named.code).toBe(0)
    // The example forum keeps one translation out of date on purpose: its one warning.
    expect(named.stderr).toMatch(/\[translation-out-of-date\][\s\S]*^1 warning in \d+ files$/m)
  })

  it('keeps the output inside a forum named content/ that is a project of its own (package.json beside forum.md)', async () => {
    const dir = await initedForum('content')
    const built = await runCli(['build', '--format', 'html'], {cwd: dir})
    expect(built.code).toBe(0)
    expect(await exists(path.join(dir, 'dist/index.html'))).toBe(true)
    expect((await readdir(path.dirname(dir))).sort()).toEqual(['content'])
  })

  it('says where it looked and how to start a forum when there is none', async () => {
    const dir = await tempDir()
    await mkdir(path.join(dir, 'empty/content'), {recursive: true})
    const cwd = path.join(dir, 'empty')
    for (const args of [
      ['build'],
      ['check'],
      ['serve', '--port', '0'],
      ['new', 'contribution', '--session', 'a'],
      ['new', 'session', 'a']
    ]) {
      const result = await runCli(args, {cwd})
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(
        `No forum found: no forum.md in ${cwd} or its content/ folder, nor in any folder above it`
      )
      expect(result.stderr).toContain('`proceedings init`')
    }
    expect(await readdir(cwd)).toEqual(['content'])
  })
})
