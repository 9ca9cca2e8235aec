import {PDFCrossRefSection, PDFHeader, PDFRef, PDFTrailer, PDFTrailerDict, type PDFContext, type PDFObject} from 'pdf-lib'

const encoder = new TextEncoder()
const objectTail = encoder.encode('\nendobj\n\n')

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
  private block = new Uint8Array(BLOCK_BYTES)
  private used = 0
  private size = 0
  private readonly offsets: {ref: PDFRef; offset: number}[] = []

  constructor() {
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

  /** Writes every object left in the context, the cross-reference table and the trailer: the PDF. */
  finish(context: PDFContext): Uint8Array {
    for (const [ref, object] of context.enumerateIndirectObjects()) this.write(ref, object)
    const xref = PDFCrossRefSection.create()
    for (const {ref, offset} of [...this.offsets].sort((a, b) => a.ref.objectNumber - b.ref.objectNumber)) xref.addEntry(ref, offset)
    const xrefOffset = this.size
    const trailerDict = PDFTrailerDict.of(context.obj({
      Size: context.largestObjectNumber + 1,
      Root: context.trailerInfo.Root,
      Info: context.trailerInfo.Info,
      ID: context.trailerInfo.ID
    }))
    const trailer = PDFTrailer.forLastCrossRefSectionOffset(xrefOffset)
    const tail = this.reserve(xref.sizeInBytes() + 1 + trailerDict.sizeInBytes() + 2 + trailer.sizeInBytes())
    let offset = xref.copyBytesInto(tail, 0)
    tail[offset++] = 0x0a
    offset += trailerDict.copyBytesInto(tail, offset)
    tail[offset++] = 0x0a
    tail[offset++] = 0x0a
    trailer.copyBytesInto(tail, offset)

    this.blocks.push(this.block.subarray(0, this.used))
    const pdf = new Uint8Array(this.size)
    let position = 0
    for (const block of this.blocks.splice(0)) {
      pdf.set(block, position)
      position += block.length
    }
    return pdf
  }

  private write(ref: PDFRef, object: PDFObject) {
    const head = encoder.encode(`${ref.objectNumber} ${ref.generationNumber} obj\n`)
    this.offsets.push({ref, offset: this.size})
    const bytes = this.reserve(head.length + object.sizeInBytes() + objectTail.length)
    bytes.set(head, 0)
    const end = head.length + object.copyBytesInto(bytes, head.length)
    bytes.set(objectTail, end)
  }

  /** The next `length` bytes of the file, to write into. */
  private reserve(length: number): Uint8Array {
    if (this.used + length > this.block.length) {
      this.blocks.push(this.block.subarray(0, this.used))
      this.block = new Uint8Array(Math.max(BLOCK_BYTES, length))
      this.used = 0
    }
    const bytes = this.block.subarray(this.used, this.used + length)
    this.used += length
    this.size += length
    return bytes
  }
}
