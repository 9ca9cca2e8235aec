import {readFile, readdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {addContributions} from '../helpers/big-forum.js'
import {runCli} from '../helpers/cli.js'
import {copyFixtures} from '../helpers/fixtures.js'

/** Every file under a folder, by path. */
async function tree(dir: string): Promise<Map<string, Buffer>> {
  const names = (await readdir(dir, {recursive: true, withFileTypes: true})).filter((entry) => entry.isFile())
  return new Map(
    await Promise.all(
      names.map(async (entry) => {
        const file = path.join(entry.parentPath, entry.name)
        return [path.relative(dir, file), await readFile(file)] as const
      })
    )
  )
}

/** Builds HTML and JSON with one thread parsing, then with two. */
async function buildBothWays(dir: string) {
  const build = (jobs: number) =>
    runCli([
      'build',
      dir,
      '--out',
      path.join(dir, `out-${jobs}`),
      '--format',
      'html,json',
      '--no-cache',
      '--jobs',
      String(jobs)
    ])
  return {one: await build(1), two: await build(2)}
}

describe('parsing in threads', () => {
  it('gives the same site, JSON and warnings as parsing in one thread', async () => {
    const dir = await copyFixtures('minimal')
    await addContributions(dir, 450)
    // Warnings from the front matter and from the Markdown. The first batches of files go to the other thread:
    // these files come first.
    for (const index of [1, 2, 3]) {
      await writeFile(
        path.join(dir, `contributions/many/a-warned-${index}.md`),
        `---\ntitle: Warned ${index}\nsession: s\nspeakers: [A]\nquestions: [1]\nquestion: [1]\n---\n\nSee ![a chart](missing-${index}.png).\n`
      )
    }
    const {one, two} = await buildBothWays(dir)
    expect(one.code).toBe(0)
    expect(two.code).toBe(0)
    expect(one.stdout).toMatch(/^parse: 2 sessions, 454 contributions \(\d+ ms\)$/m)
    expect(two.stdout).toMatch(/^parse: 2 sessions, 454 contributions, in 2 threads \(\d+ ms\)$/m)
    expect(two.stderr.match(/: warning /g)).toHaveLength(6)
    expect(two.stderr).toBe(one.stderr)
    const [site1, site2] = [await tree(path.join(dir, 'out-1')), await tree(path.join(dir, 'out-2'))]
    expect([...site2.keys()].sort()).toEqual([...site1.keys()].sort())
    for (const [file, bytes] of site1) expect(site2.get(file)?.equals(bytes), file).toBe(true)
  })

  it('reports the same errors, in the same order', async () => {
    const dir = await copyFixtures('minimal')
    await addContributions(dir, 450)
    await writeFile(
      path.join(dir, 'contributions/many/c0100.md'),
      '---\ntitle: Lost\nsession: nowhere\nspeakers: [A]\n---\n\nText.\n'
    )
    await writeFile(
      path.join(dir, 'contributions/many/c0300.md'),
      Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x0a])
    )
    await writeFile(
      path.join(dir, 'contributions/many/a-deep.md'),
      `---\ntitle: Deep\nsession: s\nspeakers: [A]\n---\n\n${'>'.repeat(60)} deep\n`
    )
    const {one, two} = await buildBothWays(dir)
    expect(one.code).toBe(1)
    expect(two.code).toBe(1)
    expect(two.stderr).toMatch(
      /a-deep\.md.*markdown-too-deep[\s\S]*c0100\.md.*unknown-session[\s\S]*c0300\.md.*invalid-encoding/
    )
    expect(two.stderr).toBe(one.stderr)
  })
})
