import {PDFObjectParser, type PDFContext, type PDFObject} from 'pdf-lib'
import {PdfShapeError} from './pdf-shape-error.js'
import {indexOf, scanHead, skipEol, startsWith} from './scan-object.js'

/**
 * A PDF read as Chromium writes it: objects in plain text, a classic
 * cross-reference table, no object streams. Any other shape is a
 * `PdfShapeError`: the piece is then rewritten by pdf-lib into this one
 * (`normalise-pdf.ts`). Objects are kept as bytes and
 * copied into the volume with their references renumbered, so that the
 * merge parses only the few objects it changes: the tens of thousands of
 * structure elements and content streams of a large volume are never
 * turned into objects and back.
 */
export class RawPdf {
  /** Byte offset of each object by number; -1 for a number not in use. */
  private readonly offsets: number[] = []
  /** The object numbers of the catalog and the document information. */
  readonly root: number
  readonly info: number | undefined
  /** Where the cross-reference table starts, and the trailer dictionary's text. */
  private readonly xrefStart: number
  private readonly trailer: string

  constructor(readonly bytes: Uint8Array) {
    const tail = latin1(bytes.subarray(Math.max(0, bytes.length - 1024)))
    const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail)
    if (!startxref) throw new PdfShapeError('no startxref at its end')
    let position = (this.xrefStart = Number(startxref[1]))
    const table = latin1(bytes.subarray(position, bytes.length))
    const xref = /^xref\s+/.exec(table)
    if (!xref) throw new PdfShapeError('a cross-reference stream, not a table')
    position = xref[0].length
    const section = /(\d+)\s+(\d+)\s+/y
    const entry = /(\d{10}) (\d{5}) ([nf])\s*/y
    for (;;) {
      section.lastIndex = position
      const header = section.exec(table)
      if (!header) break
      position = section.lastIndex
      const first = Number(header[1])
      for (let index = 0; index < Number(header[2]); index++) {
        entry.lastIndex = position
        const found = entry.exec(table)
        if (!found) throw new PdfShapeError('a broken cross-reference table')
        position = entry.lastIndex
        this.offsets[first + index] = found[3] === 'n' ? Number(found[1]) : -1
      }
    }
    const trailer = /^trailer\s*<<([\s\S]*?)>>\s*startxref/.exec(table.slice(position))
    const root = trailer && /\/Root (\d+) \d+ R/.exec(trailer[1]!)
    if (!root) throw new PdfShapeError('no catalog in its trailer')
    // Only the last table is read: objects listed in an earlier one would be lost.
    if (/\/Prev\b/.test(trailer[1]!)) throw new PdfShapeError('an update appended to it (/Prev)')
    if (/\/Encrypt\b/.test(trailer[1]!)) throw new PdfShapeError('it is encrypted')
    this.trailer = trailer[1]!
    this.root = Number(root[1])
    const info = /\/Info (\d+) \d+ R/.exec(trailer[1]!)
    this.info = info ? Number(info[1]) : undefined
  }

  /** One more than the largest object number. */
  get size(): number {
    return this.offsets.length
  }

  has(number: number): boolean {
    return (this.offsets[number] ?? -1) >= 0
  }

  /**
   * The object with this number: where its text after `n g obj` runs up to
   * `stream` or `endobj` (its head), the references in that text renumbered
   * by `renumber`, and its stream data, if any.
   */
  object(number: number, renumber: (number: number) => number): RawObject {
    const offset = this.offsets[number] ?? -1
    if (offset < 0) throw new PdfShapeError(`no object ${number}`)
    const opening = /^\s*(\d+)\s+(\d+)\s+obj/.exec(latin1(this.bytes.subarray(offset, offset + 40)))
    if (!opening || Number(opening[1]) !== number)
      throw new PdfShapeError(`object ${number} is not where the table says`)
    const scan = scanHead(this.bytes, offset + opening[0].length, renumber)
    const object = new RawObject(this.bytes, [offset + opening[0].length, scan.headEnd], scan.refs)
    if (scan.streamStart === undefined) return object
    let length = scan.length
    if (scan.lengthRef !== undefined)
      length = Number(latin1(this.object(scan.lengthRef, (n) => n).text()).trim())
    let end = length === undefined ? -1 : scan.streamStart + length
    if (length === undefined || !startsWith(this.bytes, skipEol(this.bytes, end), 'endstream')) {
      end = indexOf(this.bytes, 'endstream', scan.streamStart)
      if (end < 0) throw new PdfShapeError(`object ${number} has a stream with no end`)
      if (this.bytes[end - 1] === 0x0a) end--
      if (this.bytes[end - 1] === 0x0d) end--
    }
    object.stream = [scan.streamStart, end]
    return object
  }

  /**
   * The head of the object with this number as a pdf-lib object in `context`,
   * its references renumbered; undefined for an object with a stream, whose
   * data is never parsed.
   */
  parse(
    number: number,
    context: PDFContext,
    renumber: (number: number) => number = (same) => same
  ): PDFObject | undefined {
    const object = this.object(number, renumber)
    if (object.stream) return undefined
    try {
      return PDFObjectParser.forBytes(object.text(), context).parseObject()
    } catch (error) {
      throw new PdfShapeError(`object ${number} cannot be parsed`, {cause: error})
    }
  }

  /**
   * A copy of this PDF with the objects in `replaced` written anew (each
   * given as its whole text, `n 0 obj … endobj`) and the objects `added`
   * after them, numbered from `size` on; the other objects are copied as
   * they are, and the cross-reference table is written afresh.
   */
  withObjects(replaced: ReadonlyMap<number, Uint8Array>, added: readonly Uint8Array[] = []): Uint8Array {
    const starts = this.offsets
      .map((offset, number) => [offset, number] as const)
      .filter(([offset]) => offset >= 0)
      .sort((a, b) => a[0] - b[0])
    const chunks: Uint8Array[] = [this.bytes.subarray(0, starts[0]?.[0] ?? this.xrefStart)]
    let length = chunks[0]!.length
    const offsets: number[] = []
    starts.forEach(([offset, number], index) => {
      const chunk =
        replaced.get(number) ?? this.bytes.subarray(offset, starts[index + 1]?.[0] ?? this.xrefStart)
      offsets[number] = length
      chunks.push(chunk)
      length += chunk.length
    })
    for (const [index, chunk] of added.entries()) {
      offsets[this.size + index] = length
      chunks.push(chunk)
      length += chunk.length
    }
    const size = this.size + added.length
    let table = `xref\n0 ${size}\n`
    for (let number = 0; number < size; number++) {
      const offset = offsets[number]
      table +=
        offset === undefined ? '0000000000 65535 f \n' : `${String(offset).padStart(10, '0')} 00000 n \n`
    }
    table += `trailer\n<<${this.trailer.replace(/\/Size \d+/, `/Size ${size}`)}>>\nstartxref\n${length}\n%%EOF\n`
    chunks.push(Buffer.from(table, 'latin1'))
    return Buffer.concat(chunks)
  }

  /** The objects in whose bytes one of these texts occurs (in a stream's data, too), in order. */
  objectsMentioning(texts: string[]): number[] {
    const starts = this.offsets
      .map((offset, number) => [offset, number] as const)
      .filter(([offset]) => offset >= 0)
      .sort((a, b) => a[0] - b[0])
    const buffer = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength)
    const found = new Set<number>()
    for (const text of texts) {
      for (let at = buffer.indexOf(text, 0, 'latin1'); at >= 0; at = buffer.indexOf(text, at + 1, 'latin1')) {
        // The last object that starts before the text.
        let low = 0
        let high = starts.length - 1
        while (low < high) {
          const middle = (low + high + 1) >> 1
          if (starts[middle]![0] <= at) low = middle
          else high = middle - 1
        }
        if (starts[low] && starts[low]![0] <= at) found.add(starts[low]![1])
      }
    }
    return [...found].sort((a, b) => a - b)
  }
}

/** An object of a piece, in place in the piece's bytes. */
export class RawObject {
  /** Where its head is, and where its stream's data is. */
  head: [number, number]
  stream?: [number, number]
  /** The references in the head: start, end and new number of each, in threes. */
  refs: number[]

  constructor(
    readonly bytes: Uint8Array,
    head: [number, number],
    refs: number[]
  ) {
    this.head = head
    this.refs = refs
  }

  /** The head's text with its references renumbered, as bytes: for the few objects the merge parses. */
  text(): Uint8Array {
    const out = new Uint8Array(this.headLength())
    this.writeHead(out, 0)
    return out
  }

  /** The length of the head once renumbered. */
  headLength(): number {
    let length = this.head[1] - this.head[0]
    for (let index = 0; index < this.refs.length; index += 3) {
      length += digits(this.refs[index + 2]!) + 4 - (this.refs[index + 1]! - this.refs[index]!)
    }
    return length
  }

  /** Writes the renumbered head into `out` at `at`; returns where it ends. */
  writeHead(out: Uint8Array, at: number): number {
    let from = this.head[0]
    for (let index = 0; index < this.refs.length; index += 3) {
      out.set(this.bytes.subarray(from, this.refs[index]!), at)
      at += this.refs[index]! - from
      at = writeAscii(out, at, `${this.refs[index + 2]!} 0 R`)
      from = this.refs[index + 1]!
    }
    out.set(this.bytes.subarray(from, this.head[1]), at)
    return at + this.head[1] - from
  }
}

/** Writes ASCII text into `out` at `at`; returns where it ends. */
export function writeAscii(out: Uint8Array, at: number, text: string): number {
  for (let index = 0; index < text.length; index++) out[at++] = text.charCodeAt(index)
  return at
}

function digits(value: number): number {
  return value < 10 ? 1 : Math.floor(Math.log10(value)) + 1
}

export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
}
