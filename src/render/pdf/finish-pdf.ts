import {PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject} from 'pdf-lib'
import type {Proceedings} from '../../model/types.js'

const producer = 'forum-proceedings (Chromium, pdf-lib)'

/**
 * Sets the document information a library catalogue reads (title, authors,
 * subject, keywords, language) and fixes both dates to the build time, so
 * that the same input and `SOURCE_DATE_EPOCH` give the same bytes. The
 * structure tree and the outline Chromium wrote are kept as they are.
 */
export async function finishPdf(pdf: PDFDocument, proceedings: Proceedings): Promise<Uint8Array> {
  const {forum} = proceedings
  const builtAt = new Date(proceedings.builtAt)
  pdf.setTitle(forum.title, {showInWindowTitleBar: true})
  if (forum.organizers.length) pdf.setAuthor(forum.organizers.join('; '))
  pdf.setSubject(forum.subtitle ?? forum.title)
  pdf.setKeywords(proceedings.sessions.map(({session}) => session.title))
  pdf.setLanguage(forum.language)
  pdf.setCreator('forum-proceedings')
  pdf.setProducer(producer)
  pdf.setCreationDate(builtAt)
  pdf.setModificationDate(builtAt)
  renumberStructureIds(pdf)
  return pdf.save({useObjectStreams: false, updateFieldAppearances: false})
}

/** Loads Chromium's PDF without letting pdf-lib stamp its own producer and dates. */
export function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(bytes, {updateMetadata: false})
}

/**
 * Chromium names structure elements after DOM node ids, which shift from one
 * run to the next. Renames them in document order (`n000001`, …) wherever
 * they are used: the elements, table header references and the ID tree.
 */
function renumberStructureIds(pdf: PDFDocument) {
  const elements = pdf.context
    .enumerateIndirectObjects()
    .filter((entry): entry is [PDFRef, PDFDict] => entry[1] instanceof PDFDict && entry[1].get(PDFName.of('Type')) === PDFName.of('StructElem'))
    .sort(([a], [b]) => a.objectNumber - b.objectNumber)

  const renamed = new Map<string, string>()
  const idTree: PDFObject[] = []
  for (const [ref, element] of elements) {
    const id = element.get(PDFName.of('ID'))
    if (!(id instanceof PDFString || id instanceof PDFHexString)) continue
    const next = `n${String(renamed.size + 1).padStart(6, '0')}`
    renamed.set(id.decodeText(), next)
    element.set(PDFName.of('ID'), PDFString.of(next))
    idTree.push(PDFString.of(next), ref)
  }
  if (renamed.size === 0) return

  for (const [, element] of elements) {
    const attributes = element.get(PDFName.of('A'))
    const list = attributes instanceof PDFArray ? attributes.asArray() : [attributes]
    for (const attribute of list) {
      const dict = attribute instanceof PDFDict ? attribute : undefined
      const headers = dict?.get(PDFName.of('Headers'))
      if (!(headers instanceof PDFArray)) continue
      headers.asArray().forEach((header, index) => {
        if (header instanceof PDFString || header instanceof PDFHexString) {
          headers.set(index, PDFString.of(renamed.get(header.decodeText()) ?? header.decodeText()))
        }
      })
    }
  }
  const root = pdf.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict)
  if (!root) return
  // pdf-lib writes every object it holds, referenced or not: the old tree must go.
  deleteTree(pdf, root.get(PDFName.of('IDTree')))
  root.set(PDFName.of('IDTree'), pdf.context.obj({Names: idTree}))
}

function deleteTree(pdf: PDFDocument, node: PDFObject | undefined) {
  if (!(node instanceof PDFRef)) return
  const dict = pdf.context.lookup(node)
  const kids = dict instanceof PDFDict ? dict.get(PDFName.of('Kids')) : undefined
  if (kids instanceof PDFArray) for (const kid of kids.asArray()) deleteTree(pdf, kid)
  pdf.context.delete(node)
}
