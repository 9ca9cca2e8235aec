import {appendFile, readFile, readdir, stat, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli} from '../helpers/cli.js'
import {copyFixtures} from '../helpers/fixtures.js'
import {folderFiles} from '../helpers/folder-files.js'

/** Each file of an output folder, by path, with its inode: a file linked from the last output keeps it. */
const inodes = (dir: string) => folderFiles(dir, async (file) => (await stat(file)).ino)
const contents = (dir: string) => folderFiles(dir, (file) => readFile(file, 'latin1'))

const build = (dir: string, ...args: string[]) =>
  runCli(['build', '.', '--format', 'html,json', ...args], {cwd: dir, env: {SOURCE_DATE_EPOCH: '1700000000'}})

describe('writing the output after an edit', () => {
  it('links the files whose bytes did not change to the last output, writes the others, and gives what a clean build gives', async () => {
    const dir = await copyFixtures('basic')
    expect((await build(dir)).code).toBe(0)
    const before = await inodes(path.join(dir, 'dist'))
    const source = path.join(
      dir,
      'contributions/alpha',
      (await readdir(path.join(dir, 'contributions/alpha')))[0]!
    )
    await writeFile(
      source,
      (await readFile(source, 'utf8')).replace(/^title: .*$/m, 'title: "A title edited"')
    )
    expect((await build(dir)).code).toBe(0)
    const after = await inodes(path.join(dir, 'dist'))

    const kept = [...after].filter(([file, ino]) => before.get(file) === ino).map(([file]) => file)
    const written = [...after].filter(([file, ino]) => before.get(file) !== ino).map(([file]) => file)
    // The other session's pages did not change; the edited session's page and the manifest did.
    expect(kept).toContain('contributions/beta-answer.html')
    expect(kept).toContain('sessions/beta.html')
    expect(written).toContain('sessions/alpha.html')
    expect(written).toContain('proceedings.json')
    expect(await readFile(path.join(dir, 'dist/sessions/alpha.html'), 'utf8')).toContain('A title edited')

    expect((await build(dir, '--out', 'clean', '--no-cache')).code).toBe(0)
    expect(await contents(path.join(dir, 'dist'))).toEqual(await contents(path.join(dir, 'clean')))
  })

  it('writes again a file changed in the output since the last build, and everything when the record of it is damaged', async () => {
    const dir = await copyFixtures('basic')
    expect((await build(dir)).code).toBe(0)
    const page = path.join(dir, 'dist/sessions/beta.html')
    const built = await readFile(page, 'utf8')
    await appendFile(page, '<!-- changed by hand -->')
    expect((await build(dir)).code).toBe(0)
    expect(await readFile(page, 'utf8')).toBe(built)

    const before = await inodes(path.join(dir, 'dist'))
    const record = path.join(dir, '.proceedings-cache/written.json')
    const text = await readFile(record, 'utf8')
    await writeFile(record, text.replace(/"target/, '"targte'))
    expect((await build(dir)).code).toBe(0)
    const after = await inodes(path.join(dir, 'dist'))
    expect([...after].filter(([file, ino]) => before.get(file) === ino)).toEqual([])
    expect(await readFile(page, 'utf8')).toBe(built)
  })
})
