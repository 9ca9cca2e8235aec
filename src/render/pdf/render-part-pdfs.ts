import {createHash} from 'node:crypto'
import {mkdir, stat} from 'node:fs/promises'
import path from 'node:path'
import {browserVersion} from '../../browser/browser-version.js'
import type {FoundBrowser} from '../../browser/find-browser.js'
import type {Proceedings} from '../../model/types.js'
import type {OutlineEntry} from '../../pdf-file/write-outline.js'
import {defaultJobs} from '../../util/parallelism.js'
import type {OutputFile} from '../../util/output-file.js'
import {landingPath, type PageRange} from '../cite/csl-items.js'
import {stampsHtml} from './citation-stamps.js'
import {buildOutline} from './outline.js'
import type {PageLabels, PrintedPiece} from './piece-cache.js'
import type {Piece} from './pieces.js'
import {Printer, type PrinterOptions} from './printer/printer.js'
import {cachedPart, dropUnused, placePart, type PartStore} from './part-cache.js'
import {PartCutters} from './part-cutters.js'
import {placesOf, requestOf, type Part} from './part-requests.js'

export interface PartOptions {
  browser: FoundBrowser
  timeoutMs: number
  /** How many pieces are taken apart at once, each with its browser for the citation lines. */
  concurrency?: number
  /** Where parts are kept between builds; nothing is kept without it. */
  cacheDir?: string
  /** A folder of the build's own, beside the output, where the parts are written to be moved in. */
  folder: string
  signal?: AbortSignal
}

export interface PartPdfs {
  files: OutputFile[]
  /** Parts written now, and parts taken from the cache. */
  written: number
  reused: number
  /** The pages of each contribution, from its print: from its first line to its last. */
  pages: Map<string, PageRange>
  /** Parts larger than Google Scholar takes (5 MB), by path. */
  large: {path: string; bytes: number}[]
}

/** Google Scholar ignores PDFs larger than this. */
const largestForScholar = 5 * 1024 * 1024
/** Changes when what a part holds or how it is made changes: parts kept by an earlier version are not used. */
const partVersion = '2'

/**
 * The PDF of each contribution (`contributions/<id>.pdf`) and of each
 * session (`sessions/<id>.pdf`), taken from the volume's printed pieces,
 * not printed again: a contribution's pages hold only its own marked content
 * (its neighbours' text on the pages it shares is left out), numbered as in
 * the volume, with a citation line at the foot of the first page. The
 * citation lines are printed by Chromium, one page each, a print per piece.
 * A part is kept in the cache by a hash of its piece's print (which holds
 * its page numbers), what it is and its metadata: after an edit, only the
 * parts of the pieces printed again are made again.
 */
export async function renderPartPdfs(
  proceedings: Proceedings,
  printed: {pieces: {piece: Piece; printed: PrintedPiece}[]; labels: PageLabels},
  options: PartOptions
): Promise<PartPdfs> {
  const context = [
    partVersion,
    await browserVersion(options.browser.executablePath),
    JSON.stringify(proceedings.forum),
    // A part keeps the date of the build that cut it, unless dates are fixed for reproducible builds.
    process.env.SOURCE_DATE_EPOCH ? proceedings.builtAt : ''
  ].join('\u0000')
  await mkdir(path.join(options.folder, 'contributions'), {recursive: true})
  await mkdir(path.join(options.folder, 'sessions'), {recursive: true})
  if (options.cacheDir) await mkdir(options.cacheDir, {recursive: true})
  const result: PartPdfs = {files: [], written: 0, reused: 0, pages: new Map(), large: []}
  const used = new Set<string>()
  const work = printed.pieces.filter(({piece}) => !piece.front && !piece.indexes)
  const threads = Math.max(1, Math.min(options.concurrency ?? defaultJobs(), work.length))
  const cutters = new PartCutters(threads)
  const printers = new PrinterTurns(threads, options)
  const outline = buildOutline(proceedings)
  let next = 0
  let failure: {error: unknown} | undefined
  const worker = async () => {
    while (!failure && next < work.length) {
      try {
        // The build stopped, or the printing these parts come from failed.
        options.signal?.throwIfAborted()
        await partsOfPiece(work[next++]!)
      } catch (error) {
        failure ??= {error}
        // What the threads still do is of no use: stopped at once.
        await cutters.close()
      }
    }
  }
  const partsOfPiece = async ({piece, printed: print}: (typeof work)[number]) => {
    const parts = partsOf(proceedings, piece, (what) =>
      createHash('sha256').update(context).update(print.digest).update(what).digest('base64url')
    )
    for (const part of parts) used.add(part.key)
    const cached = options.cacheDir
      ? await Promise.all(parts.map((part) => cachedPart(options.cacheDir!, part.key)))
      : []
    const record = (part: Part, size: number, pages: PageRange | undefined) => {
      if (pages && part.contribution) result.pages.set(part.contribution.contribution.anchor, pages)
      if (size > largestForScholar) result.large.push({path: part.path, bytes: size})
      result.files.push({path: part.path, moveFrom: path.join(options.folder, part.path)})
    }
    if (cached.length === parts.length && cached.every(Boolean)) {
      for (const [index, part] of parts.entries()) {
        const file = path.join(options.folder, part.path)
        await placePart(options.cacheDir!, part.key, file)
        record(part, (await stat(file)).size, cached[index]!.pages)
        result.reused++
      }
    } else {
      // The threads write the parts they cut, into the folder and the cache.
      const made = await makeParts(
        {proceedings, print, labels: printed.labels, parts, outline},
        {cutters, printers, signal: options.signal},
        (part) => ({
          file: path.join(options.folder, part.path),
          ...(options.cacheDir && {cache: {dir: options.cacheDir, key: part.key}})
        })
      )
      for (const [index, part] of parts.entries()) {
        record(part, made[index]!.size, made[index]!.pages)
        result.written++
      }
    }
  }
  // Two pieces at a time per thread: one is cut while the other's citation lines print. Each stops
  // after a failure once what it was doing has ended, so that no browser starts after the printers closed.
  await Promise.all(Array.from({length: Math.min(work.length, 2 * threads)}, worker))
  await Promise.all([printers.close(), cutters.close()])
  if (failure) throw failure.error
  if (options.cacheDir) await dropUnused(options.cacheDir, used)
  return result
}

/** The parts of a piece: each session in it, and each contribution printed in full, in print order. */
function partsOf(proceedings: Proceedings, piece: Piece, keyOf: (what: string) => string): Part[] {
  const parts: Part[] = []
  let article = 0
  for (const session of piece.sessions) {
    const about = (what: unknown) => keyOf(JSON.stringify(what))
    parts.push({
      path: `sessions/${encodeURIComponent(session.session.id)}.pdf`,
      session,
      key: about(['session', session.anchor, session.session, session.contributions.map(({id}) => id)])
    })
    for (const group of session.groups)
      for (const entry of group.entries) {
        if (!entry.full) continue
        const {contribution} = entry
        parts.push({
          path: landingPath(contribution, 'pdf'),
          contribution: {contribution, article: article++},
          session,
          key: about(['contribution', contribution.anchor, contribution])
        })
      }
  }
  return parts
}

/**
 * Takes a piece's print apart: a thread reads it and finds each part's pages,
 * the citation lines of its parts (which name those pages) are printed at
 * once, and the thread cuts each part out and writes it where `storeOf` says.
 */
async function makeParts(
  piece: {
    proceedings: Proceedings
    print: PrintedPiece
    labels: PageLabels
    parts: Part[]
    outline: OutlineEntry[]
  },
  by: {cutters: PartCutters; printers: PrinterTurns; signal?: AbortSignal},
  storeOf: (part: Part) => PartStore
): Promise<{size: number; pages: PageRange | undefined}[]> {
  const {proceedings, print, labels, parts, outline} = piece
  const planned = await by.cutters.plan(await print.load(), placesOf(parts))
  try {
    // The piece's first page, as numbered in the volume.
    const [anchor, page] =
      [...print.anchors].find(([name]) => labels[name] !== undefined && /^\d+$/.test(labels[name]!)) ?? []
    const offset = anchor === undefined ? 1 : Number(labels[anchor]) - (page! - 1)
    const requests = parts.map((part, index) =>
      requestOf(proceedings, part, planned.plan.parts[index]!, offset, outline)
    )
    const html = stampsHtml(
      requests.map(({line}) => line),
      planned.plan.size,
      proceedings.forum.language
    )
    const served = '/citation-lines.html'
    const stamps = await by.printers.use((printer) =>
      printer.print({files: new Map([[served, {path: served, contents: html}]]), path: served, html}, false)
    )
    by.signal?.throwIfAborted()
    const sizes = await planned.cut(
      stamps,
      requests.map((request) => request.cut),
      parts.map((part, index) => ({...storeOf(part), pages: requests[index]!.pages}))
    )
    return requests.map(({pages}, index) => ({size: sizes[index]!, pages}))
  } finally {
    planned.drop()
  }
}

/** The browsers that print the citation lines, each printing one page at a time for whoever takes it. */
class PrinterTurns {
  private readonly free: Printer[]
  private readonly all: Printer[]
  private readonly waiting: ((printer: Printer) => void)[] = []

  constructor(count: number, options: PrinterOptions) {
    this.all = Array.from({length: count}, () => new Printer(options))
    this.free = [...this.all]
  }

  async use<T>(work: (printer: Printer) => Promise<T>): Promise<T> {
    const printer = this.free.pop() ?? (await new Promise<Printer>((resolve) => this.waiting.push(resolve)))
    try {
      return await work(printer)
    } finally {
      const next = this.waiting.shift()
      if (next) next(printer)
      else this.free.push(printer)
    }
  }

  async close() {
    await Promise.all(this.all.map((printer) => printer.close()))
  }
}
