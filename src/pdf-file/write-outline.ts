import {PDFDict, PDFHexString, PDFName, PDFNumber, type PDFDocument, type PDFRef} from 'pdf-lib'
import type {Destination} from './read-destinations.js'

/** A bookmark: its title, the named destination it opens, and the bookmarks under it. */
export interface OutlineEntry {
  title: string
  anchor: string
  children: OutlineEntry[]
}

/** Writes the bookmarks into the PDF; entries whose anchor was not printed are left out. */
export function writeOutline(
  pdf: PDFDocument,
  entries: OutlineEntry[],
  destinations: Map<string, Destination>
) {
  const {context} = pdf
  const root = context.obj({Type: 'Outlines'}) as PDFDict
  const rootRef = context.register(root)

  const add = (parentRef: PDFRef, parent: PDFDict, children: OutlineEntry[], open: boolean): number => {
    const refs: {ref: PDFRef; dict: PDFDict}[] = []
    for (const entry of children) {
      const destination = destinations.get(entry.anchor)
      if (!destination) continue
      const dict = context.obj({
        Title: PDFHexString.fromText(entry.title),
        Parent: parentRef,
        Dest: destination.target
      }) as PDFDict
      const ref = context.register(dict)
      const count = add(ref, dict, entry.children, false)
      if (count > 0) dict.set(PDFName.of('Count'), PDFNumber.of(open ? count : -count))
      refs.push({ref, dict})
    }
    refs.forEach(({dict}, index) => {
      if (index > 0) dict.set(PDFName.of('Prev'), refs[index - 1]!.ref)
      if (index < refs.length - 1) dict.set(PDFName.of('Next'), refs[index + 1]!.ref)
    })
    if (refs.length > 0) {
      parent.set(PDFName.of('First'), refs[0]!.ref)
      parent.set(PDFName.of('Last'), refs.at(-1)!.ref)
    }
    return refs.length
  }

  // Sessions stay open in the reader's sidebar; their groups start closed.
  const count = add(rootRef, root, entries, true)
  root.set(PDFName.of('Count'), PDFNumber.of(count))
  pdf.catalog.set(PDFName.of('Outlines'), rootRef)
  pdf.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'))
}
