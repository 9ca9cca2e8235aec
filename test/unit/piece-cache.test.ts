import {readdir, rename, rm} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {PieceCache} from '../../src/render/pdf/piece-cache.js'
import {tempDir} from '../helpers/fixtures.js'

const context = {browserVersion: 'Chromium 156.0.8078.114', siteFiles: []}
const piece = {digest: 'digest-of-the-html', pages: 3, anchors: new Map([['s-1', 1]])}
const bytes = new TextEncoder().encode('%PDF-1.7 a printed piece')

describe('the cache of printed pieces', () => {
  it('keeps what a build took, even when another build sharing the cache removes it', async () => {
    const dir = await tempDir()
    const first = await PieceCache.open(dir, context)
    await first.put({...piece, load: () => Promise.resolve(bytes)}, bytes)
    await first.finish({'s-1': '1'})
    await first.release()

    const second = await PieceCache.open(dir, context)
    expect(second.previous).toEqual({'s-1': '1'})
    const taken = await second.get(piece.digest)
    expect(taken).toMatchObject({pages: 3, anchors: new Map([['s-1', 1]])})
    expect(second.hits).toBe(1)
    // Another build, which does not use this piece, removes it while the second still has to merge it.
    const other = await PieceCache.open(dir, context)
    await other.finish({})
    expect((await readdir(dir)).filter((name) => name.endsWith('.pdf'))).toEqual([])
    expect(await taken!.load()).toEqual(Buffer.from(bytes))

    await second.release()
    expect((await readdir(dir)).filter((name) => name.startsWith('.build-'))).toEqual([])
  })

  it('keeps the prints of one browser version from another', async () => {
    const dir = await tempDir()
    const first = await PieceCache.open(dir, context)
    await first.put({...piece, load: () => Promise.resolve(bytes)}, bytes)
    await first.release()
    const updated = await PieceCache.open(dir, {...context, browserVersion: 'Chromium 157.0.8123.4'})
    expect(await updated.get(piece.digest)).toBeUndefined()
    await updated.release()
    const same = await PieceCache.open(dir, context)
    expect(await same.get(piece.digest)).toMatchObject({pages: 3})
    await same.release()
  })

  it('misses a piece whose PDF is gone, and lets go of what killed builds held', async () => {
    const dir = await tempDir()
    const killed = await PieceCache.open(dir, context)
    await killed.put({...piece, load: () => Promise.resolve(bytes)}, bytes)
    // The build is killed before it lets go: its hold is left, under a process that no longer runs.
    const [hold] = (await readdir(dir)).filter((name) => name.startsWith('.build-'))
    await rename(path.join(dir, hold!), path.join(dir, hold!.replace(/^\.build-\d+-/, '.build-999999999-')))
    await rm(
      path.join(
        dir,
        (await readdir(dir)).find((name) => name.endsWith('.pdf'))!
      )
    )

    const later = await PieceCache.open(dir, context)
    expect(await later.get(piece.digest)).toBeUndefined()
    await later.release()
    expect((await readdir(dir)).filter((name) => name.startsWith('.build-'))).toEqual([])
  })
})
