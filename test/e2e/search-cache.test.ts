import {readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {generateForum} from '../../bench/generate-forum.mjs'
import {loadProceedings} from '../../src/core/load-proceedings.js'
import {
  closeSearchIndexer,
  contributionsPerSearchPart,
  indexSearch,
  searchParts
} from '../../src/render/html/index-search.js'
import {SearchMemory} from '../../src/render/html/search-cache.js'
import {runCli} from '../helpers/cli.js'
import {copyFixtures, tempDir} from '../helpers/fixtures.js'
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

  it('of a large forum comes in parts: an edit makes its own part again and takes the others from the cache', async () => {
    const dir = await tempDir()
    await generateForum(path.join(dir, 'forum'), {sessions: 6, contributions: 420, seed: 3})
    const load = async () => (await loadProceedings(path.join(dir, 'forum'))).proceedings!
    const cacheDir = path.join(dir, 'cache')
    const first = await load()
    // Consecutive sessions, as many as fit in a part; none left out, none twice.
    const parts = searchParts(first)
    expect(parts.length).toBeGreaterThan(1)
    expect(parts.flat().map((session) => session.session.id)).toEqual(first.sessions.map((s) => s.session.id))
    for (const part of parts)
      expect(part.reduce((sum, session) => sum + session.contributions.length, 0)).toBeLessThanOrEqual(
        contributionsPerSearchPart
      )
    try {
      const made = await indexSearch(first, cacheDir)
      expect([made.parts, made.kept]).toEqual([parts.length, 0])
      // Every part after the first holds its index alone: Pagefind's scripts are the first part's.
      const paths = made.files.map((file) => file.path)
      for (let part = 2; part <= parts.length; part++) {
        expect(paths).toContain(`pagefind/part-${part}/pagefind-entry.json`)
        expect(
          paths.filter((file) => file.startsWith(`pagefind/part-${part}/`) && file.endsWith('.js'))
        ).toEqual([])
      }
      expect((await indexSearch(first, cacheDir)).kept).toBe(parts.length)
      // `serve` keeps the parts in memory in the same way.
      const memory = new SearchMemory()
      expect((await indexSearch(first, memory)).kept).toBe(0)
      expect((await indexSearch(first, memory)).kept).toBe(parts.length)

      // A title edited in the last session: its part is made again, the others are taken from the cache.
      const last = path.join(dir, 'forum', first.sessions.at(-1)!.contributions[0]!.source)
      await writeFile(last, (await readFile(last, 'utf8')).replace(/^title: (.*)$/m, 'title: $1 (edited)'))
      const edited = await load()
      const again = await indexSearch(edited, cacheDir)
      expect([again.parts, again.kept]).toEqual([parts.length, parts.length - 1])
      // What the cache gives is what Pagefind makes of the same content.
      const clean = await indexSearch(edited)
      const bytes = (files: typeof clean.files) =>
        new Map(
          files.map((file) => [
            file.path,
            'contents' in file ? Buffer.from(file.contents).toString('base64') : ''
          ])
        )
      expect(bytes(again.files)).toEqual(bytes(clean.files))
      expect(bytes(again.files)).not.toEqual(bytes(made.files))
      const inMemory = await indexSearch(edited, memory)
      expect(inMemory.kept).toBe(parts.length - 1)
      expect(bytes(inMemory.files)).toEqual(bytes(clean.files))
    } finally {
      await closeSearchIndexer()
    }
  })
})
