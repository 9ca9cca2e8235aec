import {execFile} from 'node:child_process'
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {binPath, runCli} from '../helpers/cli.js'
import {copyFixtures, tempDir} from '../helpers/fixtures.js'

describe('command line', () => {
  it('prints help and the version', async () => {
    const help = await runCli(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/Commands:\n\s+build \[options\] \[dir\]/)
    const buildHelp = await runCli(['build', '--help'])
    expect(buildHelp.stdout).toContain('--format <list>')
    const packageJson = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'))
    expect((await runCli(['--version'])).stdout.trim()).toBe(packageJson.version)
  })

  it('exits 2 on a usage error, with the message on stderr', async () => {
    const unknown = await runCli(['build', '--frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("error: unknown option '--frobnicate'")
    const format = await runCli(['build', '--format', 'html,docx'])
    expect(format).toMatchObject({code: 2, stdout: ''})
    expect(format.stderr).toContain(
      'Unknown format `docx`, expected a comma-separated list of: html, pdf, json'
    )
    const jobs = await runCli(['build', '--jobs', '0'])
    expect(jobs).toMatchObject({code: 2, stdout: ''})
    expect(jobs.stderr).toContain('Invalid --jobs `0`, expected a whole number from 1 to 64')
  })

  it('exits 2 when the content folder does not exist', async () => {
    const result = await runCli(['check', 'no-such-folder'], {cwd: await tempDir()})
    expect(result.code).toBe(2)
    expect(result.stderr.split('\n')[0]).toBe('proceedings: Content folder not found: no-such-folder')
  })

  it('draws progress in place on a terminal', async () => {
    const dir = await copyFixtures('minimal')
    // `script` runs the CLI under a pseudo-terminal, as a person at a terminal would.
    const {stdout} = await new Promise<{stdout: string}>((resolve, reject) => {
      execFile(
        'script',
        ['-qec', `${process.execPath} ${binPath} build .`, '/dev/null'],
        {cwd: dir, env: {...process.env, CI: '', NO_COLOR: '1'}},
        (error, out) => (error ? reject(error) : resolve({stdout: out}))
      )
    })
    expect(stdout).toContain('\r\u001b[KParsing…')
    expect(stdout).toContain('\r\u001b[KRendering HTML…')
    // Printing shows each piece as it is printed and numbered, with its pages. The cover and contents print beside the
    // session and the indexes, finishing before or after them.
    expect(stdout.split('\r\u001b[K')).toContainEqual(
      expect.stringMatching(/^Printing PDF \[#+\.*\] [1-4]\/5 printed the cover and contents, \d+ pages?$/)
    )
    expect(stdout.split('\r\u001b[K')).toContainEqual(
      expect.stringMatching(/^Printing PDF \[#+\] 5\/5 numbered the cover and contents, \d+ pages?$/)
    )
    expect(stdout).not.toMatch(/^load: /m)
    expect(stdout).toMatch(/Built 2 sessions, 1 contribution into dist\/ in/)
  })

  it('uses no colour when not on a terminal', async () => {
    const dir = await copyFixtures('minimal', 'errors/unknown-session')
    const {stderr} = await runCli(['check', '.'], {cwd: dir, env: {NO_COLOR: undefined}})
    expect(stderr).not.toContain('\u001b[')
  })

  it('names `proceedings setup` in one line when the browser is missing, and writes nothing', async () => {
    const dir = await copyFixtures('minimal')
    const result = await runCli(['build', '.', '--chrome', '/nonexistent/chrome'], {cwd: dir})
    expect(result.code).toBe(3)
    expect(result.stderr).toBe(
      'proceedings: No browser at /nonexistent/chrome (from --chrome): point it at a Chrome or Chromium executable, or run `npx proceedings setup`\n'
    )
    const fromEnv = await runCli(['build', '.'], {
      cwd: dir,
      env: {PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chrome'}
    })
    expect(fromEnv.code).toBe(3)
    expect(fromEnv.stderr).toMatch(
      /^proceedings: No browser at \/nonexistent\/chrome \(from PUPPETEER_EXECUTABLE_PATH\): .*`npx proceedings setup`\n$/
    )
    await expect(readFile(path.join(dir, 'dist/index.html'))).rejects.toThrow()
  })

  it('setup reports the browser it found, its version and the versions tested', async () => {
    const result = await runCli(['setup'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(
      /^Found a browser for the PDF: \/.+ \(.+\)\nIts version: .*\d+\.\d+\.\d+\.\d+.*; the PDF is tested with Chromium \d+\.\d+\.\d+\.\d+.*\n$/
    )
  })

  it('setup warns of a browser of a major version not tested, and does not fail', async () => {
    const dir = await tempDir()
    const browser = path.join(dir, 'chromium')
    await writeFile(browser, '#!/bin/sh\necho "Chromium 99.0.4844.51 \\033[31mred"\n', {mode: 0o755})
    const result = await runCli(['setup'], {env: {PUPPETEER_EXECUTABLE_PATH: browser}})
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`Found a browser for the PDF: ${browser} (PUPPETEER_EXECUTABLE_PATH)\n`)
    expect(result.stdout).toMatch(
      /^Its version: Chromium 99\.0\.4844\.51 \\e\[31mred; the PDF is tested with/m
    )
    expect(result.stderr).toMatch(
      /^warning: Chromium 99\.0\.4844\.51 .* is not a version the PDF is tested with \(Chromium \d+\.[\d.]+\)\. It should still print the PDF/m
    )
  })
})

describe('templates', () => {
  it("takes overrides from the forum's templates/ folder and from --templates, file by file", async () => {
    const dir = await copyFixtures('minimal')
    await mkdir(path.join(dir, 'templates/partials'), {recursive: true})
    await writeFile(path.join(dir, 'templates/style.css'), 'body { color: rebeccapurple; }\n')
    await writeFile(
      path.join(dir, 'templates/partials/people.hbs'),
      '<p class="custom-people">{{#each this}}{{name}}{{/each}}</p>\n'
    )
    const extra = path.join(dir, 'extra')
    await mkdir(extra)
    await writeFile(path.join(extra, 'speakers.hbs'), '<h1>{{labels.speakers}}: {{speakers.length}}</h1>\n')
    const result = await runCli(['build', '.', '--format', 'html', '--templates', 'extra'], {cwd: dir})
    expect(result.code).toBe(0)
    expect(await readFile(path.join(dir, 'dist/assets/style.css'), 'utf8')).toBe(
      'body { color: rebeccapurple; }\n'
    )
    expect(await readFile(path.join(dir, 'dist/sessions/s.html'), 'utf8')).toContain(
      '<p class="custom-people">Valid Speaker</p>'
    )
    // A page of the forum's own templates is given the site's policy, first, and is otherwise as written.
    expect(await readFile(path.join(dir, 'dist/speakers.html'), 'utf8')).toMatch(
      /^<meta http-equiv="Content-Security-Policy" content="[^"]+"><h1>Speakers: 1<\/h1>\n$/
    )
  })

  it('reports a broken template override as a usage error', async () => {
    const dir = await copyFixtures('minimal')
    await mkdir(path.join(dir, 'templates'))
    await writeFile(path.join(dir, 'templates/index.hbs'), '{{#each}}')
    const result = await runCli(['build', '.', '--format', 'html'], {cwd: dir})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^proceedings: Template error in .*templates\/index\.hbs/)
  })
})

describe('output folder', () => {
  it('names a folder it cannot create, on a file system that takes none (/proc), instead of hanging or failing as a bug', async () => {
    const dir = await copyFixtures('minimal')
    const runs = [
      {args: ['init', '/proc/forum'], code: 2, message: 'Cannot create the folder of /proc/forum/forum.md'},
      {
        args: ['schema', '-o', '/proc/schemas/here'],
        code: 3,
        message: 'Cannot create the folder `/proc/schemas`'
      },
      {
        args: ['build', '.', '-o', '/proc/site', '--format', 'html'],
        code: 3,
        message: 'Cannot write `/proc/site.'
      }
    ]
    for (const {args, code, message} of runs) {
      const result = await runCli(args, {cwd: dir})
      expect(result.stderr, args[0]).toContain(message)
      expect(result.stderr, args[0]).not.toContain('internal error')
      expect(result.code, args[0]).toBe(code)
    }
  })

  it('leaves the previous output exactly as it was when a build fails', async () => {
    const dir = await copyFixtures('minimal')
    expect((await runCli(['build', '.', '--format', 'html,json'], {cwd: dir})).code).toBe(0)
    const before = await readFile(path.join(dir, 'dist/proceedings.json'), 'utf8')
    await writeFile(
      path.join(dir, 'contributions/broken.md'),
      '---\ntitle: Broken\nsession: nowhere\nspeakers: [A]\n---\n'
    )
    const failed = await runCli(['build', '.', '--format', 'html,json'], {cwd: dir})
    expect(failed.code).toBe(1)
    expect(failed.stderr).toMatch(/1 error in 5 files: nothing written\n$/)
    expect(await readFile(path.join(dir, 'dist/proceedings.json'), 'utf8')).toBe(before)
  })

  it('replaces its own output and keeps only the new files', async () => {
    const dir = await copyFixtures('minimal')
    expect((await runCli(['build', '.', '--format', 'html,json'], {cwd: dir})).code).toBe(0)
    expect((await runCli(['build', '.', '--format', 'json'], {cwd: dir})).code).toBe(0)
    await expect(readFile(path.join(dir, 'dist/index.html'))).rejects.toThrow()
    await expect(readFile(path.join(dir, 'dist/proceedings.json'))).resolves.toBeDefined()
  })

  it('refuses to replace a folder it did not write', async () => {
    const dir = await copyFixtures('minimal')
    await mkdir(path.join(dir, 'site'))
    await writeFile(path.join(dir, 'site/notes.txt'), 'mine')
    const result = await runCli(['build', '.', '--out', 'site', '--format', 'json'], {cwd: dir})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Refusing to replace')
    expect(await readFile(path.join(dir, 'site/notes.txt'), 'utf8')).toBe('mine')
  })
})
