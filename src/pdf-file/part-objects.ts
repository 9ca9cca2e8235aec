import {deflateSync, inflateSync} from 'node:zlib'
import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
  type PDFContext,
  type PDFObject
} from 'pdf-lib'
import {filterMarkedContent, markedContentOps, type MarkedOps} from './filter-marked-content.js'
import {crossLinkPrefix} from './merge-pieces.js'
import type {PieceStructure} from './piece-structure.js'
import {latin1} from './raw-pdf.js'
import type {VolumeWriter} from './volume-writer.js'

// The objects of a part, as extractPart copies them from the print: raw bytes renumbered, content
// streams filtered, and the small rewrites of links, headers and number trees.

const name = (key: string) => PDFName.of(key)

/**
 * Copies objects of a print into the part as bytes, each given the next free
 * number on first use; what they refer to is copied too. References to what
 * the part writes anew (its pages) or must not take (the page tree, the
 * catalog, other pages) are turned by `redirect`.
 */
export class RawCopy {
  private readonly numbers = new Map<number, number>()
  private readonly queue: number[] = []

  constructor(
    private readonly structure: PieceStructure,
    private readonly context: PDFContext,
    private readonly redirect: (number: number) => PDFRef | undefined
  ) {}

  /** The part's number for an object of the print, queued to be copied if it is new. */
  readonly renumber = (number: number): number => {
    const redirected = this.redirect(number)
    if (redirected) return redirected.objectNumber
    let copy = this.numbers.get(number)
    if (copy === undefined) {
      copy = this.context.nextRef().objectNumber
      this.numbers.set(number, copy)
      this.queue.push(number)
    }
    return copy
  }

  /** An object parsed from the print, rebuilt in the part with its references renumbered. */
  rebase(value: PDFObject): PDFObject {
    if (value instanceof PDFRef) return PDFRef.of(this.renumber(value.objectNumber))
    if (value instanceof PDFDict) {
      const dict = this.context.obj({}) as PDFDict
      for (const [key, entry] of value.entries()) dict.set(key, this.rebase(entry))
      return dict
    }
    if (value instanceof PDFArray) return this.context.obj(value.asArray().map((entry) => this.rebase(entry)))
    return value
  }

  /** Writes the objects used, following references as they are met. */
  copyInto(writer: VolumeWriter) {
    for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) {
      if (this.structure.raw.has(next))
        writer.writeRaw(this.numbers.get(next)!, this.structure.raw.object(next, this.renumber))
    }
  }
}

/** A content stream of a page, copied as it is, or without what `keep` refuses when it holds any of it. */
export function filteredStream(
  structure: PieceStructure,
  context: PDFContext,
  copy: RawCopy,
  stream: PDFObject,
  keep: (mcid: number) => boolean
): PDFObject {
  if (!(stream instanceof PDFRef)) return stream
  const data = structure.content(stream.objectNumber)
  const marked = Buffer.from(data.buffer, data.byteOffset, data.byteLength).includes('/MCID', 0, 'latin1')
  const filtered = marked ? filterMarkedContent(data, keep, opsOf(structure, stream.objectNumber)) : undefined
  if (filtered === undefined) return copy.rebase(stream)
  return context.register(context.stream(deflateSync(filtered, {level: 1}), {Filter: 'FlateDecode'}))
}

/** The operators of each content stream read so far, by print: a page shared by two parts is read once. */
const readOps = new WeakMap<PieceStructure, Map<number, MarkedOps>>()

function opsOf(structure: PieceStructure, number: number): MarkedOps {
  let streams = readOps.get(structure)
  if (!streams) readOps.set(structure, (streams = new Map()))
  let ops = streams.get(number)
  if (!ops) streams.set(number, (ops = markedContentOps(structure.content(number))))
  return ops
}

/** The decoded data of a content stream: Chromium's are compressed with Flate, or not at all. */
export function inflated(structure: PieceStructure, number: number): Uint8Array {
  const object = structure.raw.object(number, (same) => same)
  const data = object.bytes.subarray(object.stream![0], object.stream![1])
  return /\/FlateDecode/.test(latin1(object.text())) ? inflateSync(data) : data
}

/** The page's content as one compressed stream, for a form. */
export function contentBytes(structure: PieceStructure, contents: PDFObject | undefined): Uint8Array {
  const parts = resolveArray(structure, contents)
    .filter((part) => part instanceof PDFRef)
    .map((part) => inflated(structure, part.objectNumber))
  return deflateSync(Buffer.concat(parts.flatMap((part) => [part, Buffer.from('\n')])))
}

/** An array written in place or by reference, or a single value as an array of one. */
export function resolveArray(structure: PieceStructure, value: PDFObject | undefined): PDFObject[] {
  const array =
    value instanceof PDFRef && !structure.isStream(value.objectNumber)
      ? structure.parse(value.objectNumber)
      : value
  if (array instanceof PDFArray) return array.asArray()
  return array ? [array] : []
}

/** A link kept in the part leads to a destination in it or to a web address other than the pieces' own. */
export function linkLeadsSomewhere(structure: PieceStructure, annotation: PDFDict, dests: PDFDict): boolean {
  const dest = annotation.get(name('Dest'))
  if (dest instanceof PDFName) return dests.has(dest)
  if (dest instanceof PDFString || dest instanceof PDFHexString)
    return dests.has(PDFName.of(dest.decodeText()))
  let action = annotation.get(name('A'))
  if (action instanceof PDFRef) action = structure.parse(action.objectNumber)
  if (!(action instanceof PDFDict)) return false
  const uri = action.get(name('URI'))
  if (uri instanceof PDFString || uri instanceof PDFHexString)
    return !uri.decodeText().startsWith(crossLinkPrefix)
  const target = action.get(name('D'))
  if (target instanceof PDFName) return dests.has(target)
  if (target instanceof PDFString || target instanceof PDFHexString)
    return dests.has(PDFName.of(target.decodeText()))
  return false
}

/** An element's attributes, with the ids of the table headers they name renamed. */
export function renameHeaders(
  context: PDFContext,
  value: PDFObject,
  rename: (id: string) => string
): PDFObject {
  if (value instanceof PDFArray)
    return context.obj(value.asArray().map((entry) => renameHeaders(context, entry, rename)))
  if (!(value instanceof PDFDict)) return value
  const copy = context.obj({}) as PDFDict
  for (const [key, entry] of value.entries()) {
    copy.set(
      key,
      key.decodeText() === 'Headers' && entry instanceof PDFArray
        ? context.obj(
            entry
              .asArray()
              .map((header) =>
                header instanceof PDFString || header instanceof PDFHexString
                  ? PDFString.of(rename(header.decodeText()))
                  : header
              )
          )
        : entry
    )
  }
  return copy
}

export function holdsReference(value: PDFObject): boolean {
  if (value instanceof PDFRef) return true
  if (value instanceof PDFDict) return value.values().some(holdsReference)
  if (value instanceof PDFArray) return value.asArray().some(holdsReference)
  return false
}

export function sortNumberTree(entries: PDFObject[]): PDFObject[] {
  const pairs: [number, PDFObject][] = []
  for (let index = 0; index + 1 < entries.length; index += 2)
    pairs.push([(entries[index] as PDFNumber).asNumber(), entries[index + 1]!])
  return pairs.sort((a, b) => a[0] - b[0]).flatMap(([key, value]) => [PDFNumber.of(key), value])
}
