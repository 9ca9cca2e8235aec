import {rm} from 'node:fs/promises'
import type {PDFDocument} from 'pdf-lib'
import {mergePieces} from '../../pdf-file/merge-pieces.js'
import {normalisePdf} from '../../pdf-file/normalise-pdf.js'
import {PdfShapeError} from '../../pdf-file/pdf-shape-error.js'
import {VolumeWriter} from '../../pdf-file/volume-writer.js'
import type {PrintedPiece} from './piece-cache.js'
import {PieceFormatError} from './piece-format-error.js'
import type {PrintRun} from './print-run.js'

/**
 * The merge runs beside the printing, taking each piece as soon as it has a
 * print, in a fixed order whatever the timing: the sessions and the indexes,
 * then the front matter, whose contents is finished last. A piece printed
 * again after the merge took it (its page numbers moved) makes the merge
 * start over once the printing is done. So does a piece the merge cannot
 * read (a browser that writes PDFs another way): it is merged as pdf-lib
 * rewrites it.
 */
export class VolumeMerge {
  private readonly order: number[]
  /** The print of each piece the merge beside the printing took. */
  private readonly taken: (PrintedPiece | undefined)[]
  private writer: VolumeWriter | undefined
  private early: Promise<PDFDocument> | undefined
  /** Prints the merge could read only as pdf-lib rewrote them. */
  private readonly rewritten = new WeakMap<PrintedPiece, Uint8Array>()

  /** With `writeTo`, the volume is written to that file as it is merged. */
  constructor(
    private readonly run: PrintRun,
    private readonly writeTo: string | undefined
  ) {
    const {pieces} = run
    this.order = [...pieces.keys()].sort(
      (a, b) => Number(pieces[a]!.front ?? false) - Number(pieces[b]!.front ?? false)
    )
    this.taken = pieces.map(() => undefined)
  }

  /** Starts merging beside the printing. */
  start() {
    const {run, taken} = this
    const writer = (this.writer = new VolumeWriter(this.writeTo))
    this.early = mergePieces(
      run.pieces.length,
      async (index) => {
        await run.whenPrinted(index)
        taken[index] = run.final[index]!
        return taken[index].load()
      },
      writer,
      this.order
    )
    // Its failure, if any, is met again by the merge that starts over.
    this.early.catch(() => undefined)
  }

  /** Once every piece has its final print: the merged volume, and the writer that finishes it. */
  async finish(): Promise<{merged: PDFDocument; writer: VolumeWriter}> {
    const {run} = this
    let merged = await this.early?.catch(() => undefined)
    if (!merged || run.pieces.some((_, index) => this.taken[index] !== run.final[index]))
      merged = await this.mergeAgain()
    return {merged, writer: this.writer!}
  }

  /** Merges every piece's final print, from the start; a piece the merge cannot read is rewritten, and the merge starts over. */
  private async mergeAgain(): Promise<PDFDocument> {
    const {run} = this
    for (;;) {
      this.writer?.close()
      this.writer = new VolumeWriter(this.writeTo)
      // The piece being merged: pieces are loaded one at a time, each when its turn comes.
      let merging = 0
      const load = (index: number) => {
        merging = index
        const piece = run.final[index]!
        return Promise.resolve(this.rewritten.get(piece) ?? piece.load())
      }
      try {
        return await mergePieces(run.pieces.length, load, this.writer, this.order)
      } catch (error) {
        if (!(error instanceof PdfShapeError)) throw error
        const piece = run.final[merging]!
        const unreadable = (problem: string) =>
          run.naming(
            merging,
            Promise.reject(new PieceFormatError(new PdfShapeError(problem, {cause: error})))
          )
        if (this.rewritten.has(piece)) return unreadable(`rewritten by pdf-lib, ${error.message}`)
        try {
          this.rewritten.set(piece, await normalisePdf(await piece.load()))
        } catch (again) {
          if (!(again instanceof PdfShapeError)) throw again
          return unreadable(`${error.message}, and ${again.message}`)
        }
        run.rewritten++
      }
    }
  }

  /** Printing or merging failed: the merge is left to stop, and what it wrote goes. */
  async abandon() {
    await this.early?.catch(() => undefined)
    this.writer?.close()
    if (this.writeTo) await rm(this.writeTo, {force: true})
  }
}
