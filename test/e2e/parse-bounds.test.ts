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
  'dense-paragraph.md': {
    body: 'Text [a]('.repeat(100_000),
    expected:
      'contributions/dense-paragraph.md:8:1: error Too much inline markup in one paragraph, expected at most 5000 of `[`, `*`, `_`, `<` and backticks [paragraph-too-dense]'
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

/**
 * A long file within every limit whose parse takes seconds: paragraphs of links and emphasis, each under the
 * limit of inline markup, about 8 s per MiB on two cores.
 */
const denseBody = Array.from({length: 200}, (_, index) =>
  `[a](b${index}) *emphasis* \`code\` [c](`.repeat(250)
).join('\n\n')

describe('long files', () => {
  it('gives a file that takes longer than its time to parse an error, and reads the others', async () => {
    const dir = await copyFixtures('minimal')
    await writeFile(path.join(dir, 'contributions/dense.md'), contribution(denseBody))
    // Long too, so parsed under the same budget, but quick to parse.
    const prose = 'A sentence of plain prose about the forum and its sessions. '.repeat(20)
    await writeFile(
      path.join(dir, 'contributions/long.md'),
      contribution(lines(100, () => prose).replaceAll('\n', '\n\n'))
    )
    const started = performance.now()
    const {code, stderr} = await runCli(['check', '.'], {cwd: dir, env: {PROCEEDINGS_PARSE_TIMEOUT: '0.5'}})
    expect(stderr.split('\n')).toEqual([
      'contributions/dense.md:1:1: error Markdown took more than 0.5 s to parse, and was left unread [markdown-too-slow]',
      '  hint: Split the text into several contributions, or break long paragraphs of dense markup (links, emphasis, code) with blank lines.',
      '1 error in 6 files',
      ''
    ])
    expect(code).toBe(1)
    expect(performance.now() - started).toBeLessThan(10_000)
  }, 60_000)

  it('refuses a time that is not a number of seconds', async () => {
    const dir = await copyFixtures('minimal')
    const {code, stderr} = await runCli(['check', '.'], {cwd: dir, env: {PROCEEDINGS_PARSE_TIMEOUT: '10s'}})
    expect(code).toBe(2)
    expect(stderr).toContain(
      'Invalid PROCEEDINGS_PARSE_TIMEOUT `10s`, expected a number of seconds greater than 0'
    )
  })
})

describe('signals while parsing', () => {
  /** Many contributions, each within every limit, whose parse takes seconds in all. */
  async function manyFiles(): Promise<string> {
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

  /** One long contribution of dense markup, which takes seconds alone. */
  async function oneLongFile(): Promise<string> {
    const dir = await copyFixtures('minimal')
    await writeFile(path.join(dir, 'contributions/dense.md'), contribution(denseBody))
    return dir
  }

  for (const [signal, code, forum] of [
    ['SIGINT', 130, manyFiles],
    ['SIGTERM', 143, manyFiles],
    ['SIGTERM', 143, oneLongFile]
  ] as const) {
    it(`ends a build within 2 s of ${signal} while parsing ${forum === manyFiles ? 'many files' : 'one long file'}, leaving no output`, async () => {
      const dir = await forum()
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
      // Parsing follows reading the files: the signal is sent once --verbose says they are read, and parsing runs.
      await new Promise<void>((resolve) =>
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('load:') && resolve())
      )
      await new Promise((resolve) => setTimeout(resolve, 300))
      const sent = performance.now()
      child.kill(signal)
      const exitCode = await exited
      const waited = performance.now() - sent
      expect(exitCode).toBe(code)
      expect(stderr).toContain(`interrupted by ${signal}`)
      // Before, every file was parsed first: 16 s for the many files.
      expect(waited).toBeLessThan(2000)
      expect(existsSync(path.join(dir, 'out'))).toBe(false)
    }, 120_000)
  }
})
