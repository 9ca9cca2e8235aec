import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {readFile, rename, symlink, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {binPath, runCli} from '../helpers/cli.js'
import {copyFixtures, tempDir} from '../helpers/fixtures.js'

/** A contribution whose body starts on line 8. */
const contribution = (body: string) =>
  `---\ntitle: Hostile\nsession: s\nspeakers: [A]\nquestions: [1]\n---\n\n${body}\n`

const lines = (count: number, line: (index: number) => string) =>
  Array.from({length: count}, (_, index) => line(index)).join('\n')

/** Each shape that once ended a build in a crash, or in minutes of parsing, with the message it gets now. */
const hostile: Record<string, {body: string; expected: string}> = {
  'deep-html.md': {
    body: '<div>'.repeat(100_000) + 'x',
    expected:
      'contributions/deep-html.md:8:1: error Raw HTML nested too deeply, expected at most 256 elements open at once [html-too-deep]'
  },
  'headings.md': {
    body: lines(100_000, (index) => `# Heading ${index}`),
    expected:
      'contributions/headings.md:1008:1: error Too many headings in one file, expected at most 1000 [too-many-headings]'
  },
  'setext.md': {
    body: lines(20_000, (index) => `Heading ${index}\n===`),
    expected:
      'contributions/setext.md:2009:1: error Too many headings in one file, expected at most 1000 [too-many-headings]'
  },
  'footnote-references.md': {
    body: 'Text' + '[^1]'.repeat(300_000) + '\n\n[^1]: The note.',
    expected:
      'contributions/footnote-references.md:8:1: error Too many footnote references in one file, expected at most 2000 [too-many-footnote-references]'
  },
  'footnote-definitions.md': {
    body: lines(20_000, (index) => `[^${index}]: Note ${index}.`),
    expected:
      'contributions/footnote-definitions.md:2008:1: error Too many footnote and link definitions in one file, expected at most 2000 [too-many-definitions]'
  },
  'list-items.md': {
    body: lines(60_000, (index) => `${index % 2 ? '-' : '1.'} item ${index}`),
    expected:
      'contributions/list-items.md:2008:1: error Too many list items in one file, expected at most 2000 [too-many-list-items]'
  },
  'table.md': {
    body: '| a | b | c | d |\n|---|---|---|---|\n' + '| 1 | 2 | 3 | 4 |\n'.repeat(110_000),
    expected:
      'contributions/table.md:4008:1: error Too many table cells (counted by `|`) in one file, expected at most 20000 [too-many-table-cells]'
  }
}

describe('inputs that once crashed or stalled a build', () => {
  it('reports each over-limit shape as an error at its file and line, within seconds', async () => {
    const dir = await copyFixtures('minimal')
    for (const [name, {body}] of Object.entries(hostile))
      await writeFile(path.join(dir, 'contributions', name), contribution(body))
    for (const command of [
      ['check', '.'],
      ['build', '.', '--format', 'html,json']
    ]) {
      const started = performance.now()
      const {code, stderr} = await runCli(command, {cwd: dir})
      expect(stderr).not.toContain('internal error')
      expect(code, command[0]).toBe(1)
      const errors = stderr.split('\n').filter((line) => line.includes(': error '))
      expect(errors.sort()).toEqual(
        Object.values(hostile)
          .map(({expected}) => expected)
          .sort()
      )
      expect(stderr).toContain(
        'hint: Split the text into several contributions, or link to the full document.'
      )
      // Each file once took from 15 seconds (footnote references) to minutes (setext headings).
      expect(performance.now() - started, command[0]).toBeLessThan(20_000)
    }
  }, 90_000)

  it('builds a page whose remote image has a malformed percent-escape', async () => {
    const dir = await copyFixtures('minimal')
    await writeFile(
      path.join(dir, 'contributions/escape.md'),
      contribution(
        'Text.\n\n<img src="https://example.org/%E0%A4%A.png" alt="broken escape">\n\n<a href="%">lone percent</a>\n\n[link](%ZZ)'
      )
    )
    const {code, stderr} = await runCli(['build', '.', '--format', 'html,json'], {cwd: dir})
    expect(stderr).not.toContain('internal error')
    expect(code).toBe(0)
    const page = await readFile(path.join(dir, 'dist/sessions/s.html'), 'utf8')
    expect(page).toContain('lone percent')
  })

  it('measures a symlinked forum.md by the file it points at', async () => {
    const dir = await copyFixtures('minimal')
    const elsewhere = await tempDir()
    await writeFile(path.join(elsewhere, 'forum.md'), '---\ntitle: Huge\n---\n' + 'word '.repeat(600_000))
    await rename(path.join(dir, 'forum.md'), path.join(elsewhere, 'small.md'))
    await symlink(path.join(elsewhere, 'forum.md'), path.join(dir, 'forum.md'))
    const {code, stderr} = await runCli(['check', '.'], {cwd: dir})
    expect(code).toBe(1)
    expect(stderr).toContain(
      'forum.md:1:1: error File too large: 2.9 MiB, expected at most 2.0 MiB [file-too-large]'
    )
  })

  it('refuses a forum.md that links to a device instead of reading it forever', async () => {
    const dir = await copyFixtures('minimal')
    const elsewhere = await tempDir()
    await symlink('/dev/zero', path.join(elsewhere, 'zero'))
    await rename(path.join(dir, 'forum.md'), path.join(elsewhere, 'small.md'))
    await symlink(path.join(elsewhere, 'zero'), path.join(dir, 'forum.md'))
    const {code, stderr} = await runCli(['check', '.'], {cwd: dir})
    expect(code).toBe(1)
    expect(stderr).toContain(
      'forum.md:1:1: error Not a regular file, expected a Markdown text file [unreadable-file]'
    )
  })
})

describe('signals while parsing', () => {
  /** A forum whose parse takes seconds: many long contributions, each within every limit. */
  async function slowForum(): Promise<string> {
    const dir = await copyFixtures('minimal')
    const paragraph = 'A sentence of plain prose about the forum and its sessions. '.repeat(40)
    const body = lines(60, (index) => `## Part ${index}\n\n${paragraph}`)
    await Promise.all(
      Array.from({length: 400}, (_, index) =>
        writeFile(path.join(dir, `contributions/c${String(index).padStart(3, '0')}.md`), contribution(body))
      )
    )
    return dir
  }

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143]
  ] as const) {
    it(`ends a build within seconds of ${signal} during parsing, leaving no output`, async () => {
      const dir = await slowForum()
      const args = ['build', '.', '--format', 'html,json', '--no-cache', '--verbose', '-o', 'out']
      const child = spawn(process.execPath, [binPath, ...args], {
        cwd: dir,
        env: {...process.env, NO_COLOR: '1'}
      })
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
      })
      const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (exitCode) => resolve(exitCode))
      )
      // Parsing follows reading the files: the signal is sent once --verbose says they are read.
      await new Promise<void>((resolve) =>
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('load:') && resolve())
      )
      const sent = performance.now()
      child.kill(signal)
      const exitCode = await exited
      const waited = performance.now() - sent
      expect(exitCode).toBe(code)
      expect(stderr).toContain(`interrupted by ${signal}`)
      // Before, every file was parsed first (16 s here); the margin over 2 s is for a loaded machine's process exit.
      expect(waited).toBeLessThan(5000)
      expect(existsSync(path.join(dir, 'out'))).toBe(false)
    }, 120_000)
  }
})
