import {mkdir, readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {build} from '../../lib/index.js'
import type {ProgressEvent} from '../../lib/core/progress.js'
import {runCli} from '../helpers/cli.js'
import {copyFixtures, repoDir} from '../helpers/fixtures.js'
import {readPdf} from '../helpers/pdf.js'

/** The page label of the volume's page on which `text` first stands, and the first label and page of the part's own PDF. */
async function pagesOf(out: string, part: string, text: string) {
  const [volume, own] = await Promise.all([
    readPdf(path.join(out, 'proceedings.pdf')),
    readPdf(path.join(out, part))
  ])
  const index = volume.pages.findIndex((page) => page.text.includes(text))
  return {volume: volume.labels![index], own: own.labels![0], ownPage: own.pages[0]!}
}

describe('the contributions’ PDFs, cut beside the printing', () => {
  it('starts cutting once every session is printed, while the front matter and the indexes still print', async () => {
    const dir = await copyFixtures('citable')
    const events: ProgressEvent[] = []
    await build({
      contentDir: dir,
      outDir: path.join(dir, 'out'),
      cacheDir: false,
      onProgress: (event) => events.push(event)
    })
    const at = (type: string, stage: string) =>
      events.findIndex((event) => event.type === type && event.stage === stage)
    expect(at('start', 'parts')).toBeGreaterThan(at('start', 'pdf'))
    expect(at('start', 'parts')).toBeLessThan(at('done', 'pdf'))
    // One report of the parts, once they are all cut.
    expect(events.filter((event) => event.type === 'done' && event.stage === 'parts')).toHaveLength(1)
    expect(at('done', 'parts')).toBeGreaterThan(at('done', 'pdf'))
    const pages = await pagesOf(path.join(dir, 'out'), 'contributions/middle.pdf', 'middleword0 ')
    expect(pages.own).toBe(pages.volume)
  }, 120_000)

  it('cuts again the parts of a session printed again after the cutting began, its pages having moved', async () => {
    // A theme's own print.css: its numbers are printed by Chromium, from the last build's until they settle.
    const dir = await copyFixtures('basic')
    // Enough contributions that the first session is a piece of its own: the second's pages then follow from its print.
    await Promise.all(
      Array.from({length: 100}, (_, index) =>
        writeFile(
          path.join(dir, `contributions/alpha/short-${index}.md`),
          `---\ntitle: Short ${index}\nsession: alpha\nspeakers: [Speaker ${index}]\nquestions: [1]\n---\n\nA line.\n`
        )
      )
    )
    await mkdir(path.join(dir, 'templates'), {recursive: true})
    await writeFile(
      path.join(dir, 'templates/print.css'),
      (await readFile(path.join(repoDir, 'templates/print.css'), 'utf8')) + '\nh1 { color: #0b5d6b; }\n'
    )
    const buildOnce = () => runCli(['build', '.', '--out', 'out', '--verbose'], {cwd: dir})
    expect((await buildOnce()).code).toBe(0)
    const before = await pagesOf(path.join(dir, 'out'), 'contributions/beta-answer.pdf', 'Beta body.')
    expect(before.own).toBe(before.volume)

    // The first session grows by pages: the second is taken from the cache with its old numbers, then printed again.
    const edited = path.join(dir, 'contributions/alpha/wrap-up.md')
    const paragraphs = Array.from(
      {length: 40},
      (_, index) => `Added paragraph ${index}: ${'words '.repeat(60)}`
    )
    await writeFile(edited, `${await readFile(edited, 'utf8')}\n\n${paragraphs.join('\n\n')}\n`)
    const rebuilt = await buildOnce()
    expect(rebuilt.code, rebuilt.stderr).toBe(0)
    expect(rebuilt.stdout).toMatch(/^pdf: \d+ pages; \d+ pieces? printed in 2 rounds/m)
    const after = await pagesOf(path.join(dir, 'out'), 'contributions/beta-answer.pdf', 'Beta body.')
    expect(Number(after.volume)).toBeGreaterThan(Number(before.volume))
    expect(after.own).toBe(after.volume)
    // The number printed at the foot of its page, and its citation line, are those of its last print.
    expect(after.ownPage.lines).toContain(after.volume)
    expect(after.ownPage.text).toContain(`Pages in the volume ${after.volume}`)
  }, 180_000)
})
