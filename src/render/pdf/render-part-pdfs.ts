import {createHash} from 'node:crypto'
import {mkdir, stat, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {browserVersion} from '../../browser/browser-version.js'
import type {FoundBrowser} from '../../browser/find-browser.js'
import type {Proceedings} from '../../model/types.js'
import {elementsOfRole, readPieceStructure} from '../../pdf-file/piece-structure.js'
import {defaultJobs} from '../../util/parallelism.js'
import type {OutputFile} from '../../util/output-file.js'
import {landingPath, type PageRange} from '../cite/csl-items.js'
import {stampsHtml} from './citation-stamps.js'
import {buildOutline} from './outline.js'
import type {PageLabels, PrintedPiece} from './piece-cache.js'
import type {Piece} from './pieces.js'
import {Printer} from './printer/printer.js'
import {cachedPart, dropUnused, keepPart, placePart} from './part-cache.js'
import {PartCutters} from './part-cutters.js'
import {pageSize, requestOf, type Part} from './part-requests.js'

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
  const printers: Printer[] = []
  const jobs = Math.max(1, Math.min(options.concurrency ?? defaultJobs(), work.length))
  const cutters = new PartCutters(jobs)
  let next = 0
  const worker = async () => {
    const printer = new Printer(options)
    printers.push(printer)
    while (next < work.length) {
      const {piece, printed: print} = work[next++]!
      const parts = partsOf(proceedings, piece, (what) =>
        createHash('sha256').update(context).update(print.digest).update(what).digest('base64url')
      )
      for (const part of parts) used.add(part.key)
      const cached = options.cacheDir
        ? await Promise.all(parts.map((part) => cachedPart(options.cacheDir!, part.key)))
        : []
      if (cached.length === parts.length && cached.every(Boolean)) {
        for (const [index, part] of parts.entries()) {
          const {pages} = cached[index]!
          if (pages && part.contribution) result.pages.set(part.contribution.contribution.anchor, pages)
          await placePart(options.cacheDir!, part.key, path.join(options.folder, part.path))
          result.reused++
        }
      } else {
        const made = await makeParts(proceedings, print, printed.labels, parts, printer, cutters, options)
        for (const [index, part] of parts.entries()) {
          const {bytes, pages} = made[index]!
          if (pages && part.contribution) result.pages.set(part.contribution.contribution.anchor, pages)
          if (options.cacheDir) {
            await keepPart(options.cacheDir, part.key, bytes, pages)
            await placePart(options.cacheDir!, part.key, path.join(options.folder, part.path))
          } else {
            await writeFile(path.join(options.folder, part.path), bytes)
          }
          result.written++
        }
      }
      for (const part of parts) {
        const file = path.join(options.folder, part.path)
        const {size} = await stat(file)
        if (size > largestForScholar) result.large.push({path: part.path, bytes: size})
        result.files.push({path: part.path, moveFrom: file})
      }
    }
  }
  try {
    await Promise.all(Array.from({length: jobs}, worker))
  } finally {
    await Promise.all([...printers.map((printer) => printer.close()), cutters.close()])
  }
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

/** Takes a piece's print apart: reads it once, prints the citation lines of its parts at once, and cuts each part out. */
async function makeParts(
  proceedings: Proceedings,
  print: PrintedPiece,
  labels: PageLabels,
  parts: Part[],
  printer: Printer,
  cutters: PartCutters,
  options: PartOptions
): Promise<{bytes: Uint8Array; pages: PageRange | undefined}[]> {
  const piece = await print.load()
  const structure = readPieceStructure(piece)
  const articles = elementsOfRole(structure, 'Art')
  // The piece's first page, as numbered in the volume.
  const [anchor, page] =
    [...print.anchors].find(([name]) => labels[name] !== undefined && /^\d+$/.test(labels[name]!)) ?? []
  const offset = anchor === undefined ? 1 : Number(labels[anchor]) - (page! - 1)
  // A theme of the forum's own may print contributions without `<article>`: each is then cut by its pages alone.
  const contributions = parts.filter((part) => part.contribution).length
  const byArticle = articles.length === contributions ? articles : undefined
  const outline = buildOutline(proceedings)
  const requests = parts.map((part, index) =>
    requestOf(proceedings, structure, byArticle, part, offset, parts[index + 1], outline)
  )
  const lines = requests.map(({line}) => line)
  const size = pageSize(structure)
  const html = stampsHtml(lines, size, proceedings.forum.language)
  const served = '/citation-lines.html'
  const stampsPrint = await printer.print(
    {files: new Map([[served, {path: served, contents: html}]]), path: served, html},
    false
  )
  // Drawn only if Chromium printed each line on a page of its own, as asked.
  const stamped = readPieceStructure(stampsPrint).pages.length === parts.length
  options.signal?.throwIfAborted()
  const cut = await cutters.cut({
    piece,
    stamps: stamped ? stampsPrint : undefined,
    requests: requests.map(({request}, index) => ({...request, stampPage: stamped ? index : undefined}))
  })
  return requests.map(({pages}, index) => ({bytes: cut[index]!, pages}))
}
