import {PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, type PDFObject} from 'pdf-lib'
import {decodeName} from './merge-pieces.js'

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
  const dests = pdf.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict)
  if (!dests) return found
  for (const [name, value] of dests.entries()) {
    const destination = value instanceof PDFRef ? pdf.context.lookup(value) : value
    const target = destination instanceof PDFArray ? destination.get(0) : undefined
    const page = target instanceof PDFRef ? pageNumbers.get(target.toString()) : undefined
    if (page !== undefined) found.set(decodeName(name.asString()), {page, target: value})
  }
  return found
}
