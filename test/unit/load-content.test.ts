import {stat, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {loadContent} from '../../src/content/load-content.js'
import {copyFixtures} from '../helpers/fixtures.js'

describe('loadContent stamps', () => {
  it('stamps only files changed before `settledBefore`, and reads a recalled file only when its text is asked for', async () => {
    const dir = await copyFixtures('minimal')
    const contribution = path.join(dir, 'contributions/fine.md')
    const {ctimeNs, mtimeNs} = await stat(contribution, {bigint: true})
    const changed = ctimeNs > mtimeNs ? ctimeNs : mtimeNs
    const find = (loaded: Awaited<ReturnType<typeof loadContent>>) =>
      loaded.contributions.find((file) => file.path === contribution)!

    // Changed at the limit itself: a later edit in the same clock tick would leave the same stamp.
    expect(find(await loadContent(dir, {settledBefore: changed})).data.stamp).toBeUndefined()
    const stamped = find(await loadContent(dir, {settledBefore: changed + 1n}))
    expect(stamped.data.stamp).toMatchObject({mtimeNs, ctimeNs})
    expect(stamped.data.textHash).toBeUndefined()

    // Recalled: not read until asked for, then read as it is on disk.
    const asked: string[] = []
    const recalled = find(
      await loadContent(dir, {
        recall: (file, stamp) => {
          asked.push(file)
          return file === contribution && stamp.ctimeNs === ctimeNs ? 'hash-of-the-text' : undefined
        }
      })
    )
    expect(asked).toContain(contribution)
    expect(asked).not.toContain(path.join(dir, 'forum.md'))
    expect(recalled.data.textHash).toBe('hash-of-the-text')
    await writeFile(contribution, '---\ntitle: Read when asked\n---\n')
    expect(String(recalled.value)).toBe('---\ntitle: Read when asked\n---\n')
  })
})
