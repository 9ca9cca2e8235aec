import {closeSync, openSync, writeSync} from 'node:fs'
import {PDFHeader, PDFTrailer, PDFTrailerDict, type PDFContext, type PDFObject, type PDFRef} from 'pdf-lib'
import {writeAscii, type RawObject} from './raw-pdf.js'

const encoder = new TextEncoder()
const objectTail = encoder.encode('\nendobj\n\n')
const rawTail = encoder.encode('endobj\n\n')
const streamOpening = encoder.encode('stream\n')
const streamClosing = encoder.encode('\nendstream\nendobj\n\n')

/**
 * Writes the volume's objects as soon as they are final, and lets them go.
 * A merged volume of thousands of pages held whole by pdf-lib takes several
 * times its size in memory; written piece by piece, only what later steps
 * still change (pages, links, the structure root, the catalog) stays until
 * the end. The result is an ordinary PDF with one cross-reference table.
 */
/** Objects are written into blocks of this size: one allocation per block, not per object. */
const BLOCK_BYTES = 4 * 1024 * 1024

export class VolumeWriter {
  private readonly blocks: Uint8Array[] = []
  private block: Uint8Array
  private used = 0
  private size = 0
  /** Where each object starts in the file, by object number. */
  private readonly offsets: number[] = []
  private descriptor: number | undefined

  /** With a file, each block is written to it once full; without, the PDF is returned by `finish`. Small PDFs take smaller blocks. */
  constructor(
    file?: string,
    private readonly blockBytes = BLOCK_BYTES
  ) {
    this.block = new Uint8Array(blockBytes)
    if (file) this.descriptor = openSync(file, 'w')
    const header = PDFHeader.forVersion(1, 7)
    const bytes = this.reserve(header.sizeInBytes() + 2)
    const end = header.copyBytesInto(bytes, 0)
    bytes.set([0x0a, 0x0a], end)
  }

  /** Writes these objects of the context and removes them from it. */
  flush(context: PDFContext, refs: Iterable<PDFRef>) {
    for (const ref of refs) {
      const object = context.lookup(ref)
      if (object === undefined) continue
      this.write(ref, object)
      context.delete(ref)
    }
  }

  /** Writes an object; it is not kept. */
  write(ref: PDFRef, object: PDFObject) {
    const head = encoder.encode(`${ref.objectNumber} ${ref.generationNumber} obj\n`)
    this.offsets[ref.objectNumber] = this.size
    const bytes = this.reserve(head.length + object.sizeInBytes() + objectTail.length)
    bytes.set(head, 0)
    const end = head.length + object.copyBytesInto(bytes, head.length)
    bytes.set(objectTail, end)
  }

  /** Writes an object copied as bytes from a piece: its text after `obj`, renumbered, and its stream's data. */
  writeRaw(objectNumber: number, object: RawObject) {
    const opening = `${objectNumber} 0 obj`
    const stream = object.stream ? object.bytes.subarray(object.stream[0], object.stream[1]) : undefined
    const tail = stream ? streamOpening.length + stream.length + streamClosing.length : rawTail.length
    this.offsets[objectNumber] = this.size
    const bytes = this.reserve(opening.length + object.headLength() + tail)
    let at = object.writeHead(bytes, writeAscii(bytes, 0, opening))
    if (stream) {
      bytes.set(streamOpening, at)
      bytes.set(stream, (at += streamOpening.length))
      bytes.set(streamClosing, at + stream.length)
    } else {
      bytes.set(rawTail, at)
    }
  }

  /** Writes every object left in the context, the cross-reference table and the trailer: the PDF, returned when not written to a file. */
  finish(context: PDFContext): Uint8Array | undefined {
    for (const [ref, object] of context.enumerateIndirectObjects()) this.write(ref, object)
    // One section from object 0; numbers no object took are free.
    const count = context.largestObjectNumber + 1
    const xrefOffset = this.size
    const table = this.reserve(`xref\n0 ${count}\n`.length + 20 * count)
    let at = writeAscii(table, 0, `xref\n0 ${count}\n`)
    for (let number = 0; number < count; number++) {
      const offset = this.offsets[number]
      at = writeAscii(
        table,
        at,
        offset === undefined
          ? `0000000000 ${number === 0 ? '65535' : '00000'} f\r\n`
          : `${String(offset).padStart(10, '0')} 00000 n\r\n`
      )
    }
    const trailerDict = PDFTrailerDict.of(
      context.obj({
        Size: count,
        Root: context.trailerInfo.Root,
        Info: context.trailerInfo.Info,
        ID: context.trailerInfo.ID
      })
    )
    const trailer = PDFTrailer.forLastCrossRefSectionOffset(xrefOffset)
    const tail = this.reserve(trailerDict.sizeInBytes() + 2 + trailer.sizeInBytes())
    let offset = trailerDict.copyBytesInto(tail, 0)
    tail[offset++] = 0x0a
    tail[offset++] = 0x0a
    trailer.copyBytesInto(tail, offset)

    this.retire()
    if (this.descriptor !== undefined) {
      this.close()
      return undefined
    }
    const pdf = new Uint8Array(this.size)
    let position = 0
    for (const block of this.blocks.splice(0)) {
      pdf.set(block, position)
      position += block.length
    }
    return pdf
  }

  /** Closes the file, finished or not. */
  close() {
    if (this.descriptor !== undefined) closeSync(this.descriptor)
    this.descriptor = undefined
  }

  /** The full part of the current block goes to the file, or joins the others. */
  private retire() {
    const done = this.block.subarray(0, this.used)
    if (this.descriptor === undefined) {
      this.blocks.push(done)
      return
    }
    for (let written = 0; written < done.length;) written += writeSync(this.descriptor, done, written)
  }

  /** The next `length` bytes of the file, to write into. */
  private reserve(length: number): Uint8Array {
    if (this.used + length > this.block.length) {
      this.retire()
      this.block = new Uint8Array(Math.max(this.blockBytes, length))
      this.used = 0
    }
    const bytes = this.block.subarray(this.used, this.used + length)
    this.used += length
    this.size += length
    return bytes
  }
}
