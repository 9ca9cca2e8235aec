import {PDFDocument, StandardFonts} from 'pdf-lib'
import {afterEach, describe, expect, it} from 'vitest'
// The built module: its thread runs the built part-worker.js beside it, as a build does.
import {cutParts, PartCutters, type CutJob} from '../../lib/render/pdf/part-cutters.js'

async function printOfPages(count: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  const font = await pdf.embedFont(StandardFonts.Helvetica)
  for (let page = 1; page <= count; page++)
    pdf.addPage([595, 842]).drawText(`Page ${page}`, {x: 72, y: 770, size: 12, font})
  return pdf.save({useObjectStreams: false})
}

function jobOf(piece: Uint8Array, pages: number[][]): CutJob {
  return {
    piece,
    stamps: undefined,
    requests: pages.map((taken, index) => ({
      pages: taken,
      firstNumber: taken[0]! + 1,
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
}

describe('cutting the parts of a print in threads', () => {
  let cutters: PartCutters | undefined
  afterEach(async () => {
    await cutters?.close()
  })

  it('gives the same bytes as cutting them in this thread, for jobs run at once', async () => {
    const piece = await printOfPages(5)
    const jobs = [jobOf(piece, [[0, 1], [2], [3, 4]]), jobOf(piece, [[1, 2, 3]]), jobOf(piece, [[4]])]
    cutters = new PartCutters(2)
    const threaded = await Promise.all(jobs.map((job) => cutters!.cut(job)))
    const here = await Promise.all(jobs.map((job) => cutParts(job)))
    expect(threaded.map((parts) => parts.length)).toEqual([3, 1, 1])
    expect(threaded.map((parts) => parts.map((part) => Buffer.from(part).toString('base64')))).toEqual(
      here.map((parts) => parts.map((part) => Buffer.from(part).toString('base64')))
    )
    const first = await PDFDocument.load(threaded[0]![0]!)
    expect(first.getPageCount()).toBe(2)
    expect(first.getTitle()).toBe('Part 1')
  })

  it('fails the job whose print cannot be read, with the reason, and goes on cutting the next ones', async () => {
    cutters = new PartCutters(1)
    await expect(cutters.cut(jobOf(new TextEncoder().encode('not a PDF'), [[0]]))).rejects.toThrow(
      /Could not cut a part out of a print/
    )
    const parts = await cutters.cut(jobOf(await printOfPages(2), [[1]]))
    expect((await PDFDocument.load(parts[0]!)).getPageCount()).toBe(1)
  })

  it('fails the jobs still waiting once closed', async () => {
    cutters = new PartCutters(1)
    const piece = await printOfPages(3)
    const jobs = Promise.allSettled([
      cutters.cut(jobOf(piece, [[0], [1], [2]])),
      cutters.cut(jobOf(piece, [[0]]))
    ])
    await cutters.close()
    const [running, waiting] = await jobs
    expect(running.status === 'rejected' && String(running.reason)).toMatch(/stopped/)
    expect(waiting.status === 'rejected' && String(waiting.reason)).toMatch(/stopped/)
  })
})
