import {PDFArray, PDFDict, PDFDocument, PDFName, PDFRef} from 'pdf-lib'

/**
 * The page (1-based) of every named destination Chromium wrote: one for each
 * element with an `id` that a link points to. This is how the contents learn
 * on which page each session, group and contribution was printed.
 */
export function readDestinations(pdf: PDFDocument): Map<string, number> {
  const pageNumbers = new Map(pdf.getPages().map((page, index) => [page.ref.toString(), index + 1]))
  const pages = new Map<string, number>()
  const dests = pdf.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict)
  if (!dests) return pages
  for (const [name, value] of dests.entries()) {
    const destination = value instanceof PDFRef ? pdf.context.lookup(value) : value
    const target = destination instanceof PDFArray ? destination.get(0) : undefined
    const page = target instanceof PDFRef ? pageNumbers.get(target.toString()) : undefined
    if (page !== undefined) pages.set(decodeName(name.asString()), page)
  }
  return pages
}

/** PDF names escape bytes as `#xx`; the `/` prefix is not part of the id. */
function decodeName(name: string): string {
  const bytes = name.replace(/^\//, '').replace(/#([0-9a-fA-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
  return Buffer.from(bytes, 'latin1').toString('utf8')
}
