import {rm} from 'node:fs/promises'
import type {FoundBrowser} from '../../browser/find-browser.js'
import {UserError} from '../../errors.js'
import type {Proceedings, SessionProceedings} from '../../model/types.js'
import type {OutputFile} from '../../util/output-file.js'
import {pageContext} from '../page-context.js'
import type {Theme} from '../theme/load-theme.js'
import type {PDFDocument} from 'pdf-lib'
import {finishPdf} from './finish-pdf.js'
import {crossLinkPrefix, mergePieces} from '../../pdf-file/merge-pieces.js'
import {buildOutline} from './outline.js'
import {writeOutline} from '../../pdf-file/write-outline.js'
import {writePageLabels} from '../../pdf-file/page-labels.js'
import {readDestinations, readPieceAnchors} from '../../pdf-file/read-destinations.js'
import {defaultJobs} from '../../util/parallelism.js'
import {VolumeWriter} from '../../pdf-file/volume-writer.js'
import {htmlDigest, PieceCache, type PageLabels, type PieceLayout, type PrintedPiece} from './piece-cache.js'
import {numberPatch} from './fill-open-page.js'
import {Printer} from './printer/printer.js'
import {inPool, inTwoSteps} from './printer/printer-pool.js'
import type {KeptPage} from './printer/print-page.js'
import {numbersToDraw} from './numbers-to-draw.js'
import {placeholderPageStart} from '../../pdf-file/placeholder-glyphs.js'
import {drawNumbers} from '../../pdf-file/draw-page-numbers.js'

/** Rounds of printing at most: page numbers settle in one or two. */
const maxRounds = 4

export interface PdfOptions {
  browser: FoundBrowser
  /** The site's files: the print page may use its stylesheets and images. */
  siteFiles: OutputFile[]
  /** A print that takes longer is taken for a hung browser. */
  timeoutMs: number
  /** How many browsers print pieces at once (default: one per core, at most 4). */
  concurrency?: number
  /** Where printed pieces and the last page numbers are kept between builds; nothing is kept without it. */
  cacheDir?: string
  /** The file to write the PDF to, beside the output (it is then moved in); without it the PDF is kept in memory. */
  writeTo?: string
  /** After each piece printed: prints done and to do in this round, and what was printed. */
  onPiece?: (done: number, total: number, detail: string) => void
  signal?: AbortSignal
}

export interface PrintedPdf {
  file: OutputFile
  pages: number
  /** Rounds of printing until the page numbers settled (0 when every piece came from the cache). */
  rounds: number
  /** Pieces printed, in all rounds, and pieces taken from the cache. */
  printed: number
  reused: number
  /** Pieces whose page numbers were drawn into their print. */
  drawn: number
  /** The first and last page of each session, as numbered in print. */
  sessions: {id: string; first: number; last: number}[]
}

/** A piece of the volume printed on its own: the front matter, one session, or the indexes. */
export interface Piece {
  front: boolean
  sessions: SessionProceedings[]
  indexes: boolean
  anchors: string[]
}

/**
 * Prints the proceedings. Chromium's time grows faster than the length of a
 * document, so the volume is printed in pieces (front matter, sessions,
 * indexes) by a pool of browsers and merged, keeping tags and links. Each
 * piece is loaded with scripts off and every request outside the build's own
 * files aborted.
 *
 * Page numbers come from an earlier print. The front matter is numbered in
 * roman numerals, so the sessions' numbers depend only on the sessions before
 * them. With the numbers of a previous build, every piece whose HTML differs
 * from its last tagged print is printed (or taken from the cache) until none
 * does. Without them, each piece is first measured, then its numbers are
 * filled into the page already laid out and it is printed tagged.
 */
export async function renderPdf(proceedings: Proceedings, theme: Theme, options: PdfOptions): Promise<PrintedPdf> {
  const served = new Map<string, OutputFile>(options.siteFiles.map((file) => [`/${file.path}`, file]))
  const pieces = splitIntoPieces(proceedings)
  const cache = options.cacheDir ? await PieceCache.open(options.cacheDir, {executablePath: options.browser.executablePath, siteFiles: options.siteFiles}) : undefined
  const poolSize = Math.max(1, Math.min(options.concurrency ?? defaultJobs(), pieces.length))
  const printers = Array.from({length: poolSize}, () => new Printer(options))
  const render = (index: number, labels: PageLabels | undefined, offset: number, placeholders = false) => {
    const piece = pieces[index]!
    return theme.render('print', pageContext(proceedings, {
      mode: 'print',
      inFolder: false,
      pages: labels,
      part: {...piece, local: new Set(piece.anchors), pageOffset: offset, placeholders, crossLinkPrefix}
    }))
  }
  /** Printing errors name the piece. */
  const naming = <T>(index: number, work: Promise<T>) => work.catch((error: unknown) => {
    if (error instanceof UserError) throw new UserError(`${error.message} (printing ${describePiece(pieces[index]!)})`, {exitCode: error.exitCode, hint: error.hint, cause: error})
    throw error
  })
  const serve = (index: number, html: string) => {
    const path = `/print-${index}.html`
    return {files: new Map([...served, [path, {path, contents: html}]]), path, html}
  }
  let printed = 0
  let drawn = 0
  let rounds = 0
  const report = (done: number, total: number, index: number, piece: PieceLayout, how: string) =>
    options.onPiece?.(done, total, `${how} ${describePiece(pieces[index]!)}, ${piece.pages} page${piece.pages === 1 ? '' : 's'}`)
  const final: (PrintedPiece | undefined)[] = pieces.map(() => undefined)
  /** Prints of pieces with placeholders where their page numbers go, with the HTML they were printed from. */
  const drafts: (Draft | undefined)[] = pieces.map(() => undefined)
  const drawInto = async (draft: Draft, html: string) => {
    const numbers = numbersToDraw(draft.html, html, draft.runningNumbers)
    return numbers && drawNumbers(await draft.piece.load(), numbers)
  }
  const printedOnce = pieces.map(() => deferred())
  /**
   * The final print of a piece: from the cache, or its numbers drawn into its print with placeholders, or patched
   * into the page kept open from its measure, or printed afresh.
   */
  const take = async (printer: Printer, index: number, html: string, digest: string, kept?: KeptPage): Promise<{piece: PrintedPiece; how: string}> => {
    const without = await takeWithoutPrinting(index, html, digest)
    if (without) {
      await kept?.close()
      return without
    }
    const patch = kept && numberPatch(kept.html, html)
    if (kept && !patch) await kept.close()
    const patched = kept && patch ? await printer.reprint(kept, patch) : undefined
    return {piece: settle(index, await keep(digest, patched ?? await naming(index, printer.print(serve(index, html), true)))), how: 'printed'}
  }
  /** A print made now: counted, and kept in the cache. */
  const keep = async (digest: string, bytes: Uint8Array) => {
    printed++
    const piece = inspect(digest, bytes)
    return cache ? cache.put(piece, bytes) : piece
  }
  const settle = (index: number, piece: PrintedPiece) => {
    final[index] = piece
    printedOnce[index]!.resolve()
    return piece
  }
  /** The final print of a piece from the cache, or with its numbers drawn into its print with placeholders; undefined when neither can be. */
  const takeWithoutPrinting = async (index: number, html: string, digest: string): Promise<{piece: PrintedPiece; how: string} | undefined> => {
    const cached = await cache?.get(digest)
    if (cached) return {piece: settle(index, cached), how: 'reused'}
    const draft = drafts[index]
    const withNumbers = draft && await drawInto(draft, html)
    if (!withNumbers) return undefined
    drawn++
    // Drawing numbers moves no page: the draft's layout is the piece's.
    const piece: PrintedPiece = {digest, pages: draft.piece.pages, anchors: draft.piece.anchors, load: () => Promise.resolve(withNumbers)}
    return {piece: settle(index, cache ? await cache.put(piece, withNumbers) : piece), how: 'numbered'}
  }

  // The merge runs beside the printing, taking each piece as soon as it has a print, in a fixed order
  // whatever the timing: the sessions and the indexes, then the front matter, whose contents is finished
  // last. A piece printed again after the merge took it (its page numbers moved) makes the merge start over.
  const mergeOrder = [...pieces.keys()].sort((a, b) => Number(pieces[a]!.front ?? false) - Number(pieces[b]!.front ?? false))
  const taken: (PrintedPiece | undefined)[] = pieces.map(() => undefined)
  let writer: VolumeWriter | undefined
  let early: Promise<PDFDocument> | undefined

  try {
    writer = new VolumeWriter(options.writeTo)
    early = mergePieces(pieces.length, async (index) => {
      await printedOnce[index]!.promise
      taken[index] = final[index]!
      return taken[index].load()
    }, writer, mergeOrder)
    // Its failure, if any, is met again by the merge that starts over.
    early.catch(() => undefined)

    const sessionPieces = pieces.map((_, index) => index).filter((index) => !pieces[index]!.front && !pieces[index]!.indexes)
    let numbers = !theme.defaultPrint && cache?.previous && sessionPieces.every((index) => cache.previous![pieces[index]!.anchors[0]!] !== undefined)
      ? numbersFromLabels(pieces, cache.previous)
      : undefined
    if (theme.defaultPrint) {
      // The default theme gives every page number a box of fixed width. Each piece but the indexes is printed
      // once, with placeholders where its numbers go (or taken from the cache), and its numbers are drawn into
      // that print: a session's as soon as the sessions before it are printed. The indexes list pages in running
      // text, where a number's width moves the line: they are printed with their numbers, as soon as every
      // session's pages are known, while the front matter, which no other piece's numbers depend on, is printed
      // beside. The contents is numbered last.
      const order = [...sessionPieces, 0]
      // Drafts, sessions numbered, the indexes, the contents numbered.
      const total = order.length + sessionPieces.length + 2
      let done = 0
      let finished = 0
      let drawing = Promise.resolve()
      let indexes: Promise<void> | undefined
      const last = async (printer: Printer, index: number) => {
        const known = numbersFromPrints(pieces, (other) => final[other] ?? drafts[other]?.piece)
        const wanted = render(index, known.labels, known.offsets[index]!)
        const taken = await take(printer, index, wanted, htmlDigest(wanted))
        report(++done, total, index, taken.piece, taken.how)
      }
      await inPool(printers, order, async (printer, index) => {
        const front = pieces[index]!.front
        const html = render(index, undefined, front ? 0 : placeholderPageStart - 1, true)
        const digest = htmlDigest(html)
        const cached = await cache?.get(digest)
        const piece = cached ?? await keep(digest, await naming(index, printer.print(serve(index, html), true)))
        const how = cached ? 'reused' : 'printed'
        drafts[index] = {html, piece, runningNumbers: !front}
        report(++done, total, index, piece, how)
        // The numbers are drawn one session at a time, beside the printing; a session they cannot be drawn into
        // is printed with its numbers once the drafts are done.
        while (finished < sessionPieces.length && drafts[sessionPieces[finished]!]) {
          const session = sessionPieces[finished++]!
          const known = numbersFromPrints(pieces, (other) => drafts[other]?.piece)
          const wanted = render(session, known.labels, known.offsets[session]!)
          drawing = drawing.then(async () => {
            const taken = await takeWithoutPrinting(session, wanted, htmlDigest(wanted))
            if (taken) report(++done, total, session, taken.piece, taken.how)
          })
          // A failure is met where the drawing is awaited.
          drawing.catch(() => undefined)
        }
        // Every session's pages are known: this printer goes on with the indexes.
        if (!indexes && finished === sessionPieces.length) {
          indexes = last(printer, pieces.length - 1)
          await indexes
        }
      })
      await Promise.all([drawing, indexes])
      await last(printers[0]!, 0)
      rounds = printed > 0 ? 1 : 0
      numbers = numbersFromPrints(pieces, (index) => final[index] ?? drafts[index]?.piece)
    } else if (!numbers) {
      // No numbers to start from. Each piece is measured (printed hidden, with placeholders) to learn where its pages
      // break; once the pieces before it are measured, its numbers are filled into the page still open, which
      // is printed again, tagged. The contents and the indexes list pages of every session: they are measured
      // first, so as to be finished alongside the last session.
      const measured: (PieceLayout | undefined)[] = pieces.map(() => undefined)
      const total = 2 * pieces.length
      let done = 0
      let reprinted = false
      const order = [0, pieces.length - 1, ...sessionPieces]
      await inTwoSteps(printers, order, {
        // A session's numbers depend on the sessions before it; the contents' on every piece.
        ready: (index) => measured.every((measure, other) => measure !== undefined || (!pieces[index]!.front && (other >= index || pieces[other]!.front))),
        first: async (printer, index) => {
          const html = render(index, undefined, 0)
          const kept = await naming(index, printer.measure(serve(index, html)))
          const measure = readPieceAnchors(kept.bytes)
          measured[index] = measure
          printed++
          report(++done, total, index, measure, 'measured')
          return kept
        },
        second: async (printer, index, kept) => {
          const known = numbersFromPrints(pieces, (other) => measured[other])
          const html = render(index, known.labels, known.offsets[index]!)
          const {piece, how} = await take(printer, index, html, htmlDigest(html), kept)
          reprinted ||= how === 'printed'
          report(++done, total, index, piece, how)
        },
        release: (kept) => kept.close()
      })
      rounds += reprinted ? 2 : 1
      numbers = numbersFromPrints(pieces, (index) => final[index])
    }

    // Until the numbers settle: a piece whose page numbers moved is printed again.
    for (let round = 1; round <= maxRounds; round++) {
      const current = numbers
      const html = (index: number) => render(index, current.labels, current.offsets[index]!)
      const digests = pieces.map((_, index) => htmlDigest(html(index)))
      const stale = pieces.map((_, index) => index).filter((index) => final[index]?.digest !== digests[index])
      if (stale.length === 0) break
      let done = 0
      const before = printed
      await inPool(printers, stale, async (printer, index) => {
        const {piece, how} = await take(printer, index, html(index), digests[index]!)
        report(++done, stale.length, index, piece, how)
      })
      if (printed > before) rounds++
      numbers = numbersFromPrints(pieces, (index) => final[index], current)
    }

    // The browsers are done. The merge beside them is kept if it took the last print of every piece.
    await Promise.all(printers.map((printer) => printer.close()))
    const frontPages = final[0]!.pages
    let merged = await early.catch(() => undefined)
    if (!merged || pieces.some((_, index) => taken[index] !== final[index])) {
      writer.close()
      writer = new VolumeWriter(options.writeTo)
      merged = await mergePieces(pieces.length, (index) => final[index]!.load(), writer, mergeOrder)
    }
    writeOutline(merged, buildOutline(proceedings), readDestinations(merged))
    writePageLabels(merged, frontPages)
    await cache?.finish(numbers.labels)
    const first = (anchor: string) => Number(numbers.labels[anchor] ?? 0)
    const starts = proceedings.sessions.map(({session, anchor}) => ({id: session.id, first: first(anchor)}))
    const end = numbers.labels.indexes ? first('indexes') : merged.getPageCount() - frontPages + 1
    const pages = merged.getPageCount()
    const bytes = finishPdf(merged, proceedings, writer)
    return {
      file: bytes ? {path: 'proceedings.pdf', contents: bytes} : {path: 'proceedings.pdf', moveFrom: options.writeTo!},
      pages,
      rounds,
      printed,
      drawn,
      reused: cache?.hits ?? 0,
      sessions: starts.map((start, index) => ({...start, last: (starts[index + 1]?.first ?? end) - 1}))
    }
  } catch (error) {
    // Printing or merging failed: a merge waiting for pieces stops, and what it wrote goes.
    for (const once of printedOnce) once.reject(error)
    await early?.catch(() => undefined)
    writer?.close()
    if (options.writeTo) await rm(options.writeTo, {force: true})
    throw error
  } finally {
    await Promise.all(printers.map((printer) => printer.close()))
    await cache?.release()
  }
}

/** A piece printed with placeholders for its page numbers. */
interface Draft {
  html: string
  piece: PrintedPiece
  /** Its running page numbers are placeholders too (every piece's but the front matter's, numbered in roman from i). */
  runningNumbers: boolean
}

interface Deferred {
  promise: Promise<void>
  resolve: () => void
  reject: (error: unknown) => void
}

function deferred(): Deferred {
  let resolve!: () => void
  let reject!: (error: unknown) => void
  const promise = new Promise<void>((onResolve, onReject) => {
    resolve = onResolve
    reject = onReject
  })
  // A piece nobody waits for may be rejected when printing fails.
  promise.catch(() => undefined)
  return {promise, resolve, reject}
}

/** What the numbering needs of a print: its pages and where its anchors landed. */
function inspect(digest: string, bytes: Uint8Array): PrintedPiece {
  return {digest, ...readPieceAnchors(bytes), load: () => Promise.resolve(bytes)}
}

interface Numbers {
  /** The printed number of each anchor's page. */
  labels: PageLabels
  /** Per piece, the number of the page before its first page. */
  offsets: number[]
}

/**
 * Page numbers from prints of the pieces: the front matter in roman numerals
 * from its cover, the rest from 1 on across sessions and indexes. A piece
 * not printed yet keeps the numbers of `fallback`.
 */
function numbersFromPrints(pieces: Piece[], printOf: (index: number) => PieceLayout | undefined, fallback?: Numbers): Numbers {
  const labels: PageLabels = {...fallback?.labels}
  const offsets: number[] = []
  let body = 0
  pieces.forEach((piece, index) => {
    const print = printOf(index)
    const offset = piece.front ? 0 : body
    offsets.push(offset)
    if (!print) {
      // Not printed yet: as long as the fallback had it.
      if (!piece.front && fallback) body += (fallback.offsets[index + 1] ?? fallback.offsets[index]!) - fallback.offsets[index]!
      return
    }
    for (const [anchor, page] of print.anchors) {
      labels[anchor] = piece.front ? romanNumeral(page) : String(page + offset)
    }
    if (!piece.front) body += print.pages
  })
  return {labels, offsets}
}

/** The numbers a previous build printed, as the first guess of this one. */
function numbersFromLabels(pieces: Piece[], labels: PageLabels): Numbers {
  return {
    labels: {...labels},
    offsets: pieces.map((piece) => (piece.front ? 0 : Math.max(0, Number(labels[piece.anchors[0]!] ?? 1) - 1)))
  }
}

/** `iv` for 4: the front matter's page numbers. */
export function romanNumeral(value: number): string {
  const numerals: [number, string][] = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']]
  let rest = value
  let text = ''
  for (const [amount, numeral] of numerals) {
    while (rest >= amount) {
      text += numeral
      rest -= amount
    }
  }
  return text
}

/**
 * Small sessions share a piece: each print has a fixed cost, and short
 * documents print fast anyway. A session is never split.
 */
const contributionsPerPiece = 100

export function splitIntoPieces(proceedings: Proceedings): Piece[] {
  const front = ['contents-title', ...(proceedings.forum.foreword.atRoot ? ['foreword-title'] : [])]
  const groups: SessionProceedings[][] = []
  for (const session of proceedings.sessions) {
    const last = groups.at(-1)
    const size = (list: SessionProceedings[]) => list.reduce((sum, item) => sum + item.contributions.length, 0)
    if (last && size(last) + session.contributions.length <= contributionsPerPiece) last.push(session)
    else groups.push([session])
  }
  return [
    {front: true, sessions: [], indexes: false, anchors: front},
    ...groups.map((sessions) => ({
      front: false,
      sessions,
      indexes: false,
      anchors: sessions.flatMap((session) => [session.anchor, ...session.groups.flatMap((group) => [group.anchor,
        ...group.entries.filter((entry) => entry.full).map((entry) => entry.contribution.anchor)])])
    })),
    {front: false, sessions: [], indexes: true, anchors: ['indexes', 'speakers-title', 'countries-title']}
  ]
}

function describePiece(piece: Piece): string {
  if (piece.front) return 'the cover and contents'
  if (piece.indexes) return 'the indexes'
  return `session${piece.sessions.length === 1 ? '' : 's'} ${piece.sessions.map(({session}) => `\`${session.id}\``).join(', ')}`
}
