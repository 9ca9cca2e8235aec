import {PDFArray, PDFContext, PDFDict, PDFDocument, PDFName, PDFRef, type PDFObject} from 'pdf-lib'
import {decodeName} from './merge-pieces.js'
import {destinationTarget, namedDestinations} from './named-destinations.js'
import {RawPdf} from './raw-pdf.js'

export interface Destination {
  /** 1-based page number. */
  page: number
  /** The destination as Chromium wrote it, for bookmarks to point at. */
  target: PDFObject
}

/**
 * Every named destination Chromium wrote (one for each element with an `id`
 * that a link points to) with its page. This is how the contents learn on
 * which page each session, group and contribution was printed.
 */
export function readDestinations(pdf: PDFDocument): Map<string, Destination> {
  const pageNumbers = new Map(pdf.getPages().map((page, index) => [page.ref.toString(), index + 1]))
  const found = new Map<string, Destination>()
  const resolve = (value: PDFObject | undefined) =>
    value instanceof PDFRef ? pdf.context.lookup(value) : value
  for (const [name, value] of namedDestinations(pdf.catalog, resolve)) {
    const target = destinationTarget(value, resolve)
    const page = target instanceof PDFRef ? pageNumbers.get(target.toString()) : undefined
    if (page !== undefined) found.set(decodeName(name.asString()), {page, target: value})
  }
  return found
}

/**
 * A printed piece's page count and the page (from 1) of each named
 * destination in it, read from its catalog, page tree and destinations
 * alone: the rest of the piece is not parsed.
 */
export function readPieceAnchors(bytes: Uint8Array): {pages: number; anchors: Map<string, number>} {
  const raw = new RawPdf(bytes)
  const context = PDFContext.create()
  const resolve = (value: PDFObject | undefined): PDFObject | undefined => {
    if (!(value instanceof PDFRef)) return value
    return raw.has(value.objectNumber) ? raw.parse(value.objectNumber, context) : undefined
  }
  const catalog = resolve(PDFRef.of(raw.root))
  const pageNumbers = new Map<number, number>()
  const walk = (value: PDFObject | undefined) => {
    const node = resolve(value)
    if (!(node instanceof PDFDict)) return
    const kids = node.get(PDFName.of('Kids'))
    if (node.get(PDFName.of('Type')) === PDFName.of('Pages'))
      for (const kid of kids instanceof PDFArray ? kids.asArray() : []) walk(kid)
    else if (value instanceof PDFRef) pageNumbers.set(value.objectNumber, pageNumbers.size + 1)
  }
  const anchors = new Map<string, number>()
  if (!(catalog instanceof PDFDict)) return {pages: 0, anchors}
  walk(catalog.get(PDFName.of('Pages')))
  for (const [key, value] of namedDestinations(catalog, resolve)) {
    const target = destinationTarget(value, resolve)
    const page = target instanceof PDFRef ? pageNumbers.get(target.objectNumber) : undefined
    if (page !== undefined) anchors.set(decodeName(key.asString()), page)
  }
  return {pages: pageNumbers.size, anchors}
}
