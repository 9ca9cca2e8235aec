import {readdirSync, readFileSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {PDFDocument, PDFName, StandardFonts} from 'pdf-lib'
import {afterEach, describe, expect, it} from 'vitest'
// The built modules: the threads run the built part-worker.js beside them, as a build does.
import {cachedPart} from '../../lib/render/pdf/part-cache.js'
import {PartCutters} from '../../lib/render/pdf/part-cutters.js'
import {
  cutPlanned,
  partThreadNice,
  planPiece,
  type PartCut,
  type PartPlace
} from '../../lib/render/pdf/part-plan.js'
import {tempDir} from '../helpers/fixtures.js'

/** A print of numbered pages, with a named destination on the page given for each anchor. */
async function printOfPages(count: number, anchors: Record<string, number> = {}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  const font = await pdf.embedFont(StandardFonts.Helvetica)
  for (let page = 1; page <= count; page++)
    pdf.addPage([595, 842]).drawText(`Page ${page}`, {x: 72, y: 770, size: 12, font})
  const dests = pdf.context.obj({})
  for (const [anchor, page] of Object.entries(anchors))
    dests.set(PDFName.of(anchor), pdf.context.obj([pdf.getPage(page).ref, 'XYZ', null, null, null]))
  pdf.catalog.set(PDFName.of('Dests'), pdf.context.register(dests))
  return pdf.save({useObjectStreams: false})
}

/** A session `s:one` on pages 0–2 with contributions `c1` (page 1) and `c2` (page 2), then `s:two` on pages 3–4. */
const anchors = {'s:one': 0, c1: 1, c2: 2, 's:two': 3}
const places: PartPlace[] = [
  {session: 's:one'},
  {session: 's:one', contribution: {anchor: 'c1', article: 0}, following: 'c2'},
  {session: 's:one', contribution: {anchor: 'c2', article: 1}},
  {session: 's:two'}
]

function cutsOf(count: number): PartCut[] {
  return Array.from({length: count}, (_, index) => ({
    firstNumber: index + 1,
    info: {
      title: `Part ${index + 1}`,
      authors: ['Ana Pérez'],
      subject: 'A session',
      keywords: [],
      language: 'en',
      date: new Date('2021-10-05T00:00:00Z')
    },
    outline: []
  }))
}

describe('cutting the parts of a print in threads', () => {
  let cutters: PartCutters | undefined
  afterEach(async () => {
    await cutters?.close()
  })

  it('finds each part’s pages by its anchors: a contribution runs to the next one’s page, a session to the next session', async () => {
    cutters = new PartCutters(1)
    const planned = await cutters.plan(await printOfPages(5, anchors), places)
    expect(planned.plan.parts).toEqual([
      {first: 0, last: 2},
      {first: 1, last: 2},
      {first: 2, last: 2},
      {first: 3, last: 4}
    ])
    expect(planned.plan.size).toEqual({width: 595, height: 842})
    planned.drop()
  })

  it('writes the same bytes as cutting them in this thread, for prints planned and cut at once, into the folder and the cache', async () => {
    const piece = await printOfPages(5, anchors)
    const dir = await tempDir()
    cutters = new PartCutters(2)
    const plans = await Promise.all([0, 1, 2].map(() => cutters!.plan(piece, places)))
    const threaded = await Promise.all(
      plans.map((planned, run) =>
        planned.cut(
          undefined,
          cutsOf(places.length),
          places.map((_, index) => ({
            file: path.join(dir, `${run}-${index}.pdf`),
            ...(run === 0 && {
              cache: {dir, key: `kept-${index}`},
              pages: {first: '1', last: '2', sheet: undefined}
            })
          }))
        )
      )
    )
    const here = await cutPlanned(planPiece(piece, places), undefined, cutsOf(places.length))
    for (const [run, sizes] of threaded.entries()) {
      expect(sizes).toEqual(here.map((part) => part.byteLength))
      for (const [index, part] of here.entries())
        expect(Buffer.compare(await readFile(path.join(dir, `${run}-${index}.pdf`)), part)).toBe(0)
    }
    // Kept in the cache with their pages, and read back from it.
    expect(await cachedPart(dir, 'kept-1')).toEqual({pages: {first: '1', last: '2'}})
    const pages = await Promise.all(here.map(async (part) => (await PDFDocument.load(part)).getPageCount()))
    expect(pages).toEqual([3, 2, 1, 2])
    expect((await PDFDocument.load(here[1]!)).getTitle()).toBe('Part 2')
  })

  it('fails the print that cannot be read, with the reason, and goes on with the next ones', async () => {
    cutters = new PartCutters(1)
    await expect(cutters.plan(new TextEncoder().encode('not a PDF'), places)).rejects.toThrow(
      /Could not cut a part out of a print/
    )
    const planned = await cutters.plan(await printOfPages(2), [{session: 's:one'}])
    const file = path.join(await tempDir(), 'part.pdf')
    await planned.cut(undefined, cutsOf(1), [{file}])
    expect((await PDFDocument.load(await readFile(file))).getPageCount()).toBe(2)
  })

  it.runIf(process.platform === 'linux')(
    'cuts in threads of a lower priority than the build’s own, which they leave as it was',
    async () => {
      const niceOf = (stat: string) => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])
      const threads = () =>
        readdirSync('/proc/self/task').map((id) => niceOf(readFileSync(`/proc/self/task/${id}/stat`, 'utf8')))
      const own = niceOf(readFileSync('/proc/thread-self/stat', 'utf8'))
      const lowered = Math.min(19, own + partThreadNice)
      const before = threads().filter((nice) => nice === lowered).length
      cutters = new PartCutters(2)
      const piece = await printOfPages(5, anchors)
      const plans = await Promise.all([cutters.plan(piece, places), cutters.plan(piece, places)])
      expect(threads().filter((nice) => nice === lowered).length).toBe(before + 2)
      expect(niceOf(readFileSync('/proc/thread-self/stat', 'utf8'))).toBe(own)
      for (const planned of plans) planned.drop()
    }
  )

  it('fails the work still waiting once closed, and takes no more', async () => {
    cutters = new PartCutters(1)
    const piece = await printOfPages(5, anchors)
    const planned = await cutters.plan(piece, places.slice(0, 1))
    const work = Promise.allSettled([
      planned.cut(undefined, cutsOf(1), [{file: path.join(await tempDir(), 'part.pdf')}]),
      cutters.plan(piece, places)
    ])
    await cutters.close()
    const [cutting, planning] = await work
    expect(cutting.status === 'rejected' && String(cutting.reason)).toMatch(/stopped/)
    expect(planning.status === 'rejected' && String(planning.reason)).toMatch(/stopped/)
    await expect(cutters.plan(piece, places)).rejects.toThrow(/stopped/)
  })
})
