import {readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli} from '../helpers/cli.js'
import {copyFixtures, fixturesDir} from '../helpers/fixtures.js'

describe('proceedings import', () => {
  it('imports both seeds into sessions that build, with the same questions as the example forum', async () => {
    const dir = await copyFixtures('minimal')
    for (const id of ['intercooperation-alliances', 'local-to-global']) {
      const result = await runCli(
        [
          'import',
          path.join(fixturesDir, 'seeds', `${id}.txt`),
          '-o',
          `sessions/${id}.md`,
          '--title',
          id,
          '--id',
          id
        ],
        {cwd: dir}
      )
      expect(result.code).toBe(0)
      expect(result.stderr).toBe(`Wrote sessions/${id}.md\n`)
    }
    const build = await runCli(['build', '.', '--format', 'json'], {cwd: dir})
    expect(build.stderr).toBe('')
    const manifest = JSON.parse(await readFile(path.join(dir, 'dist/proceedings.json'), 'utf8'))
    const imported = manifest.sessions.find(
      (session: {id: string}) => session.id === 'intercooperation-alliances'
    )
    expect(imported.questions.map((question: {round: number}) => question.round)).toEqual([
      1, 1, 1, 1, 1, 2, 2, 2, 2, 2
    ])
    expect(imported.objectives).toHaveLength(4)
  })

  it('prints to standard output and reports what it could not recognise', async () => {
    const dir = await copyFixtures('minimal')
    await writeFile(
      path.join(dir, 'note.txt'),
      'Summary\n\nA short summary of the session.\n\nLogistics\n\nThe session is online.\n'
    )
    const result = await runCli(['import', 'note.txt'], {cwd: dir})
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(
      /^---\ntitle: "TODO: session title"\n---\n\n## Summary\n\nA short summary of the session\.\n/
    )
    expect(result.stderr).toContain(
      'note.txt:5:1: warning `Logistics` looks like a heading but is not a known section'
    )
  })

  it('imports a note pasted from a PDF, saying what it dropped and guessed, into a session that builds', async () => {
    const dir = await copyFixtures('minimal')
    const result = await runCli(
      [
        'import',
        path.join(fixturesDir, 'import/financing-social-economy.txt'),
        '-o',
        'sessions/financing.md'
      ],
      {cwd: dir}
    )
    expect(result.code).toBe(0)
    const lines = result.stderr.trim().split('\n')
    expect(lines.map((line) => line.replace(/^.*financing-social-economy\.txt:/, ''))).toEqual([
      '1:1: info Dropped the line `Global Forum on the SSE — Concept note` on lines 1, 21 and 41, taken for a running header or footer: it starts or ends 3 pages. Check that it is not part of the text. [import]',
      '3:1: info Took `Financing the social economy` for the session title, from the line `SESSION 3: Financing the social economy`: check `title:` in the front matter. [import]',
      '17:1: info Dropped the line `Page 1 of 3`, taken for a page number. [import]',
      '29:1: info Read `a)` to `c)` as lettered list items, written as a numbered list (the letters become numbers). [import]',
      '37:1: info Dropped the line `Page 2 of 3`, taken for a page number. [import]',
      '57:1: info Dropped the line `Page 3 of 3`, taken for a page number. [import]',
      'Wrote sessions/financing.md (6 notes above)'
    ])
    const build = await runCli(['build', '.', '--format', 'json'], {cwd: dir})
    expect(build.stderr).toBe('')
    const manifest = JSON.parse(await readFile(path.join(dir, 'dist/proceedings.json'), 'utf8'))
    const imported = manifest.sessions.find((session: {id: string}) => session.id === 'financing')
    expect(imported.title).toBe('Financing the social economy')
    expect(imported.objectives).toHaveLength(3)
    expect(imported.questions).toHaveLength(3)
  })

  it('never overwrites a file', async () => {
    const dir = await copyFixtures('minimal')
    const before = await readFile(path.join(dir, 'sessions/s.md'), 'utf8')
    const result = await runCli(
      ['import', path.join(fixturesDir, 'seeds/local-to-global.txt'), '-o', 'sessions/s.md'],
      {cwd: dir}
    )
    expect(result.code).toBe(2)
    expect(result.stderr.split('\n')[0]).toBe('proceedings: Refusing to overwrite sessions/s.md')
    expect(await readFile(path.join(dir, 'sessions/s.md'), 'utf8')).toBe(before)
  })
})
