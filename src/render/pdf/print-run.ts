import {UserError} from '../../errors.js'
import type {Proceedings} from '../../model/types.js'
import {drawNumbers} from '../../pdf-file/draw-page-numbers.js'
import {crossLinkPrefix} from '../../pdf-file/merge-pieces.js'
import {readNormalising} from '../../pdf-file/normalise-pdf.js'
import {PdfShapeError} from '../../pdf-file/pdf-shape-error.js'
import {readPieceAnchors} from '../../pdf-file/read-destinations.js'
import type {OutputFile} from '../../util/output-file.js'
import {pageContext} from '../page-context.js'
import type {Theme} from '../theme/load-theme.js'
import {numberPatch} from './fill-open-page.js'
import {numbersFromPrints} from './pagination.js'
import {numbersToDraw} from './numbers-to-draw.js'
import type {PageLabels, PieceCache, PieceLayout, PrintedPiece} from './piece-cache.js'
import {PieceFormatError} from './piece-format-error.js'
import {describePiece, type Piece} from './pieces.js'
import type {KeptPage} from './printer/print-page.js'
import type {ServedPage} from './printer/print-origin.js'
import type {Printer} from './printer/printer.js'

/** A piece printed with placeholders for its page numbers. */
export interface Draft {
  html: string
  piece: PrintedPiece
  /** Its running page numbers are placeholders too (every piece's but the front matter's, numbered in roman from i). */
  runningNumbers: boolean
}

/** A piece's final print, and how it was had: `reused` (the cache), `numbered` (drawn into its draft) or `printed`. */
export interface Taken {
  piece: PrintedPiece
  how: string
}

export interface PrintRunOptions {
  proceedings: Proceedings
  theme: Theme
  pieces: Piece[]
  printers: Printer[]
  cache: PieceCache | undefined
  /** The site's files: the print page may use its stylesheets and images. */
  siteFiles: OutputFile[]
  onPiece?: (done: number, total: number, detail: string) => void
  /** Once every session has a print (it may get another later, if its numbers move), with the sessions' numbers. */
  onSessionsPrinted?: (pieces: {piece: Piece; printed: PrintedPiece}[], labels: PageLabels) => void
}

/**
 * What the numbering strategies share while the volume is printed: the
 * pieces, the printers and the cache, the print of each piece so far, and
 * the counts the build reports. Each strategy is a function over this state;
 * the ways a piece gets its final print (`take`) are here, as every
 * strategy uses them.
 */
export class PrintRun {
  readonly proceedings: Proceedings
  readonly pieces: Piece[]
  readonly printers: Printer[]
  readonly cache: PieceCache | undefined
  /** The pieces that hold sessions, in order: all but the front matter and the indexes. */
  readonly sessionPieces: number[]
  /** The final print of each piece, once it has one. */
  readonly final: (PrintedPiece | undefined)[]
  /** Prints of pieces with placeholders where their page numbers go, with the HTML they were printed from. */
  readonly drafts: (Draft | undefined)[]
  /** Prints made, numbers drawn, and rounds of printing until the numbers settled. */
  printed = 0
  drawn = 0
  rounds = 0
  /** Prints read only once pdf-lib rewrote them: the browser wrote a PDF in a shape the merge does not read. */
  rewritten = 0
  private readonly theme: Theme
  private readonly served: Map<string, OutputFile>
  private readonly onPiece: PrintRunOptions['onPiece']
  private onSessionsPrinted: PrintRunOptions['onSessionsPrinted']
  private readonly firstPrints: Deferred[]

  constructor(options: PrintRunOptions) {
    this.proceedings = options.proceedings
    this.theme = options.theme
    this.pieces = options.pieces
    this.printers = options.printers
    this.cache = options.cache
    this.onPiece = options.onPiece
    this.onSessionsPrinted = options.onSessionsPrinted
    this.served = new Map(options.siteFiles.map((file) => [`/${file.path}`, file]))
    this.sessionPieces = this.pieces
      .map((_, index) => index)
      .filter((index) => !this.pieces[index]!.front && !this.pieces[index]!.indexes)
    this.final = this.pieces.map(() => undefined)
    this.drafts = this.pieces.map(() => undefined)
    this.firstPrints = this.pieces.map(() => deferred())
  }

  /** The print page of a piece, with these page numbers (none yet: `0000`) or placeholders, its pages numbered after `offset`. */
  render(index: number, labels: PageLabels | undefined, offset: number, placeholders = false): string {
    const piece = this.pieces[index]!
    return this.theme.render(
      'print',
      pageContext(this.proceedings, {
        mode: 'print',
        inFolder: false,
        pages: labels,
        part: {...piece, local: new Set(piece.anchors), pageOffset: offset, placeholders, crossLinkPrefix}
      })
    )
  }

  /** The print page among the build's files, for a printer to load. */
  serve(index: number, html: string): ServedPage {
    const path = `/print-${index}.html`
    return {files: new Map([...this.served, [path, {path, contents: html}]]), path, html}
  }

  /** Printing errors name the piece. */
  naming<T>(index: number, work: Promise<T>): Promise<T> {
    return work.catch((error: unknown) => {
      if (error instanceof UserError)
        throw new UserError(`${error.message} (printing ${describePiece(this.pieces[index]!)})`, {
          exitCode: error.exitCode,
          hint: error.hint,
          cause: error
        })
      throw error
    })
  }

  /** Tells the build a piece is done: `done` of `total` in this step. */
  report(done: number, total: number, index: number, piece: PieceLayout, how: string) {
    this.onPiece?.(
      done,
      total,
      `${how} ${describePiece(this.pieces[index]!)}, ${piece.pages} page${piece.pages === 1 ? '' : 's'}`
    )
  }

  /**
   * The final print of a piece: from the cache, or its numbers drawn into its print with placeholders, or patched
   * into the page kept open from its measure, or printed afresh.
   */
  async take(printer: Printer, index: number, html: string, digest: string, kept?: KeptPage): Promise<Taken> {
    const without = await this.takeWithoutPrinting(index, html, digest)
    if (without) {
      await kept?.close()
      return without
    }
    const patch = kept && numberPatch(kept.html, html)
    if (kept && !patch) await kept.close()
    const patched = kept && patch ? await printer.reprint(kept, patch) : undefined
    // A patched page whose print cannot be read is printed afresh.
    const piece =
      (patched && (await this.keep(digest, patched).catch(unlessUnreadable))) ??
      (await this.naming<PrintedPiece>(
        index,
        printer.print(this.serve(index, html), true).then((bytes) => this.keep(digest, bytes))
      ))
    return {piece: this.settle(index, piece), how: 'printed'}
  }

  /** The final print of a piece from the cache, or with its numbers drawn into its print with placeholders; undefined when neither can be. */
  async takeWithoutPrinting(index: number, html: string, digest: string): Promise<Taken | undefined> {
    const cached = await this.cache?.get(digest)
    if (cached) return {piece: this.settle(index, cached), how: 'reused'}
    const draft = this.drafts[index]
    const numbers = draft && numbersToDraw(draft.html, html, draft.runningNumbers)
    // A draft that cannot take its numbers, or cannot be read, is printed again with them.
    const drawn =
      numbers &&
      (await this.readable(await draft.piece.load(), (bytes) => drawNumbers(bytes, numbers)).catch(
        unlessUnreadable
      ))
    const withNumbers = drawn?.value
    if (!draft || !withNumbers) return undefined
    this.drawn++
    // Drawing numbers moves no page: the draft's layout is the piece's.
    const piece: PrintedPiece = {
      digest,
      pages: draft.piece.pages,
      anchors: draft.piece.anchors,
      load: () => Promise.resolve(withNumbers)
    }
    return {
      piece: this.settle(index, this.cache ? await this.cache.put(piece, withNumbers) : piece),
      how: 'numbered'
    }
  }

  /**
   * A print of a piece made now: counted, read for its layout, and kept in the cache. A print in a shape the
   * merge does not read is kept as pdf-lib rewrote it; one pdf-lib cannot read either is a `PieceFormatError`.
   */
  async keep(digest: string, printed: Uint8Array): Promise<PrintedPiece> {
    this.printed++
    const {value: layout, bytes} = await this.readable(printed, readPieceAnchors)
    const piece: PrintedPiece = {digest, ...layout, load: () => Promise.resolve(bytes)}
    return this.cache ? this.cache.put(piece, bytes) : piece
  }

  /** What `read` gives of a print, rewritten by pdf-lib if need be (counted); a `PieceFormatError` if even that fails. */
  async readable<T>(bytes: Uint8Array, read: (bytes: Uint8Array) => T | Promise<T>) {
    try {
      const result = await readNormalising(bytes, read)
      if (result.bytes !== bytes) this.rewritten++
      return result
    } catch (error) {
      throw error instanceof PdfShapeError ? new PieceFormatError(error) : error
    }
  }

  /** Resolves once the piece has a final print (it may get another later, if its numbers move). */
  whenPrinted(index: number): Promise<void> {
    return this.firstPrints[index]!.promise
  }

  /** Printing failed: whoever waits for a piece's print stops. */
  abandon(error: unknown) {
    for (const once of this.firstPrints) once.reject(error)
  }

  private settle(index: number, piece: PrintedPiece): PrintedPiece {
    this.final[index] = piece
    this.firstPrints[index]!.resolve()
    const tell = this.onSessionsPrinted
    if (tell && this.sessionPieces.every((session) => this.final[session])) {
      this.onSessionsPrinted = undefined
      // The sessions' numbers depend on the sessions before them alone, not on the front matter or the indexes.
      const {labels} = numbersFromPrints(
        this.pieces,
        (other) => this.final[other] ?? this.drafts[other]?.piece
      )
      tell(
        this.sessionPieces.map((session) => ({piece: this.pieces[session]!, printed: this.final[session]!})),
        labels
      )
    }
    return piece
  }
}

/** A print no way of reading could read is undefined, for the caller to print afresh; other errors stay. */
function unlessUnreadable(error: unknown): undefined {
  if (error instanceof PieceFormatError) return undefined
  throw error
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
