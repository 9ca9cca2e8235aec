import {readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli} from '../helpers/cli.js'
import {copyFixtures} from '../helpers/fixtures.js'
import {folderFiles} from '../helpers/folder-files.js'

const searchLine = (stdout: string, edition: string) =>
  new RegExp(`^search: ${edition}: (.*) \\(\\d+ ms\\)$`, 'm').exec(stdout)?.[1]

/** The index of each edition: pagefind/ at the root and under each other edition's folder. */
const searchFiles = (dir: string) =>
  folderFiles(
    dir,
    async (file) => (await readFile(file)).toString('base64'),
    (file) => /^(?:[a-z]{2}\/)?pagefind\//.test(file)
  )

const build = (dir: string, ...args: string[]) =>
  runCli(['build', '.', '--format', 'html', ...args], {cwd: dir})

describe('the search index of each edition', () => {
  it('is taken from the cache when its text did not change, and made again for the edition whose text did', async () => {
    const dir = await copyFixtures('editions')
    const first = await build(dir)
    expect(first.code, first.stderr).toBe(0)
    expect(searchLine(first.stdout, 'en')).toMatch(/^\d+ contributions? indexed, \d+ files$/)

    const again = await build(dir)
    expect(searchLine(again.stdout, 'en')).toMatch(/indexed, \d+ files, from the cache$/)
    expect(searchLine(again.stdout, 'es')).toMatch(/indexed, \d+ files, from the cache$/)

    // A Spanish translation edited: only the Spanish edition indexes anew, and finds the new words.
    const translation = path.join(dir, 'contributions/coop/housing.es.md')
    await writeFile(
      translation,
      `${await readFile(translation, 'utf8')}\nLos inquilinos gestionaron juntos el edificio.\n`
    )
    const edited = await build(dir)
    expect(edited.code, edited.stderr).toBe(0)
    expect(searchLine(edited.stdout, 'en')).toMatch(/from the cache$/)
    expect(searchLine(edited.stdout, 'es')).not.toMatch(/from the cache$/)

    // What the cache gives is what Pagefind makes of the same content.
    const clean = await build(dir, '--out', 'clean', '--no-cache')
    expect(clean.code, clean.stderr).toBe(0)
    const [cached, fresh] = await Promise.all([
      searchFiles(path.join(dir, 'dist')),
      searchFiles(path.join(dir, 'clean'))
    ])
    expect(cached.size).toBeGreaterThan(10)
    expect(cached).toEqual(fresh)
  })

  it('is made again when the kept index is damaged', async () => {
    const dir = await copyFixtures('editions')
    expect((await build(dir)).code).toBe(0)
    const kept = path.join(dir, '.proceedings-cache/search/en.bin')
    const bytes = await readFile(kept)
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff
    await writeFile(kept, bytes)
    const again = await build(dir)
    expect(again.code, again.stderr).toBe(0)
    expect(searchLine(again.stdout, 'en')).not.toMatch(/from the cache$/)
    expect(searchLine(again.stdout, 'es')).toMatch(/from the cache$/)

    // A file's name damaged in the header, its length kept: a miss too, not a file put at the wrong path.
    const spanish = path.join(dir, '.proceedings-cache/search/es.bin')
    const text = (await readFile(spanish)).toString('latin1')
    expect(text).toContain('pagefind-entry.json')
    await writeFile(
      spanish,
      Buffer.from(text.replace('pagefind-entry.json', 'pagefind-entrz.json'), 'latin1')
    )
    const third = await build(dir)
    expect(third.code, third.stderr).toBe(0)
    expect(searchLine(third.stdout, 'es')).not.toMatch(/from the cache$/)
  })
})
