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
