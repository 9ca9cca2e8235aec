import {cp, mkdir, readFile, readdir, stat, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli} from '../helpers/cli.js'
import {folderFiles} from '../helpers/folder-files.js'
import {copyFixtures} from '../helpers/fixtures.js'

const env = {SOURCE_DATE_EPOCH: '1700000000'}

const files = (dir: string) => folderFiles(dir, (file) => readFile(file))

/** A small seeded generator (mulberry32): a failing round is the same at every run. */
function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('the cache folder', () => {
  it('refuses a folder of files the tool did not write, and removes none of them', async () => {
    const dir = await copyFixtures('minimal')
    const mine = path.join(dir, 'mine')
    await mkdir(path.join(mine, 'pages'), {recursive: true})
    await writeFile(path.join(mine, 'notes.txt'), 'my notes')
    await writeFile(path.join(mine, 'pages', 'draft.html'), '<p>mine</p>')
    const result = await runCli(['build', '.', '--format', 'html,json', '--cache-dir', 'mine'], {cwd: dir})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Refusing to use')
    expect(result.stderr).toContain('it holds files this tool did not write')
    expect(await readFile(path.join(mine, 'notes.txt'), 'utf8')).toBe('my notes')
    expect(await readFile(path.join(mine, 'pages', 'draft.html'), 'utf8')).toBe('<p>mine</p>')
    expect(await stat(path.join(dir, 'dist')).catch(() => undefined)).toBeUndefined()
  })

  it('marks a new or empty folder as the cache, and uses it from then on', async () => {
    const dir = await copyFixtures('minimal')
    await mkdir(path.join(dir, 'empty'))
    for (let run = 0; run < 2; run++) {
      const result = await runCli(['build', '.', '--format', 'html,json', '--cache-dir', 'empty'], {cwd: dir})
      expect(result.code, result.stderr).toBe(0)
    }
    expect(await readFile(path.join(dir, 'empty', 'CACHEDIR.TAG'), 'utf8')).toMatch(
      /^Signature: 8a477f597d28d172789f06886806bc55\n/
    )
  })
})

describe('a damaged or altered cache', () => {
  it('formats again a citation altered in the cache, and publishes the one of the contribution', async () => {
    const dir = await copyFixtures('basic')
    const html = ['--format', 'html,json']
    const clean = await runCli(['build', '.', ...html, '--out', 'clean', '--no-cache'], {cwd: dir, env})
    expect(clean.code, clean.stderr).toBe(0)
    const first = await runCli(['build', '.', ...html, '--out', 'first', '--cache-dir', 'cache'], {
      cwd: dir,
      env
    })
    expect(first.code, first.stderr).toBe(0)
    // Another author put in the kept citations (the BibTeX and RIS are written from them at every build), the file
    // left as it was around it.
    const store = path.join(dir, 'cache', 'citations.json')
    const kept = await readFile(store, 'utf8')
    const altered = kept.replaceAll('Trois, C', 'Someone, E')
    expect(altered).not.toBe(kept)
    await writeFile(store, altered)
    const again = await runCli(['build', '.', ...html, '--out', 'again', '--cache-dir', 'cache'], {
      cwd: dir,
      env
    })
    expect(again.code, again.stderr).toBe(0)
    const reference = await files(path.join(dir, 'clean'))
    const built = await files(path.join(dir, 'again'))
    expect([...built.keys()].sort()).toEqual([...reference.keys()].sort())
    for (const [name, bytes] of built) expect(bytes.equals(reference.get(name)!), name).toBe(true)
  })

  it('is a cache miss: builds from randomly corrupted caches are byte-identical to a clean build', async () => {
    const dir = await copyFixtures('basic')
    const clean = await runCli(['build', '.', '--out', 'clean', '--no-cache'], {cwd: dir, env})
    expect(clean.code, clean.stderr).toBe(0)
    const reference = await files(path.join(dir, 'clean'))
    const first = await runCli(['build', '.', '--out', 'first', '--cache-dir', 'cache'], {cwd: dir, env})
    expect(first.code, first.stderr).toBe(0)
    const kept = [...(await files(path.join(dir, 'cache'))).keys()].filter((name) => name !== 'CACHEDIR.TAG')
    expect(kept.some((name) => name.startsWith('pages'))).toBe(true)
    expect(kept.some((name) => name.startsWith('pdf'))).toBe(true)

    const seed = Number(process.env.CACHE_FUZZ_SEED ?? 20261203)
    const next = random(seed)
    const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!
    for (let round = 0; round < 6; round++) {
      const cache = path.join(dir, `cache-${round}`)
      await cp(path.join(dir, 'cache'), cache, {recursive: true})
      const damaged: string[] = []
      // Every kind of file once, then any: parses, stamps, pages, pieces and their layouts.
      const kinds = [/^parse-/, /^stamps-/, /^pages\//, /^pdf\/.*\.pdf$/, /^pdf\/.*\.json$/]
      const candidates = round < kinds.length ? kept.filter((name) => kinds[round]!.test(name)) : kept
      for (let n = 0; n < 1 + Math.floor(next() * 3); n++) {
        const name = pick(candidates)
        const file = path.join(cache, name)
        const bytes = await readFile(file)
        const how = Math.floor(next() * 3)
        if (how === 0 && bytes.length > 0) {
          // One character changed for another, as an edit or a flipped bit would.
          const at = Math.floor(next() * bytes.length)
          bytes[at] = bytes[at]! ^ (1 << Math.floor(next() * 7))
          await writeFile(file, bytes)
        } else if (how === 1) {
          await writeFile(file, bytes.subarray(0, Math.floor(next() * bytes.length)))
        } else {
          await writeFile(file, await readFile(path.join(cache, pick(kept))))
        }
        damaged.push(`${name} (${['flipped', 'cut', 'swapped'][how]})`)
      }
      const out = `out-${round}`
      const result = await runCli(['build', '.', '--out', out, '--cache-dir', path.basename(cache)], {
        cwd: dir,
        env
      })
      const context = `seed ${seed}, round ${round}: ${damaged.join(', ')}`
      expect(result.code, `${context}\n${result.stderr}`).toBe(0)
      const built = await files(path.join(dir, out))
      expect([...built.keys()].sort(), context).toEqual([...reference.keys()].sort())
      for (const [name, bytes] of built)
        expect(bytes.equals(reference.get(name)!), `${name}, ${context}`).toBe(true)
    }
  })
})

describe('the output lock', () => {
  it('never removes a file the tool did not write: -o yarn leaves yarn.lock as it was', async () => {
    const dir = await copyFixtures('minimal')
    await writeFile(path.join(dir, 'yarn.lock'), '# yarn lockfile v1\n')
    const result = await runCli(['build', '.', '--format', 'html,json', '-o', 'yarn'], {cwd: dir})
    expect(result.code, result.stderr).toBe(0)
    expect(await readFile(path.join(dir, 'yarn.lock'), 'utf8')).toBe('# yarn lockfile v1\n')
    expect(await stat(path.join(dir, 'yarn', 'index.html'))).toBeTruthy()
  })

  it('refuses, without removing it, a file at the lock path that it did not write, even an empty one', async () => {
    const dir = await copyFixtures('minimal')
    await writeFile(path.join(dir, 'dist.proceedings-lock'), '')
    const result = await runCli(['build', '.', '--format', 'html,json', '-o', 'dist'], {cwd: dir})
    expect(result.code).toBe(3)
    expect(result.stderr).toContain('was not written by this tool')
    expect(await readFile(path.join(dir, 'dist.proceedings-lock'), 'utf8')).toBe('')
  })

  it('takes over a lock left by a build that no longer runs', async () => {
    const dir = await copyFixtures('minimal')
    await writeFile(path.join(dir, 'dist.proceedings-lock'), 'forum-proceedings output lock\n999999999\n')
    const result = await runCli(['build', '.', '--format', 'html,json', '-o', 'dist'], {cwd: dir})
    expect(result.code, result.stderr).toBe(0)
    expect(await stat(path.join(dir, 'dist.proceedings-lock')).catch(() => undefined)).toBeUndefined()
    expect((await readdir(dir)).filter((name) => name.includes('proceedings-lock'))).toEqual([])
  })
})
