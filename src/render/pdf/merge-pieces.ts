import {
  PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFObjectCopier, PDFRef, PDFString, type PDFObject
} from 'pdf-lib'
import type {VolumeWriter} from './volume-writer.js'

/**
 * Links between pieces point here: Chromium writes them as web links, and
 * the merge turns them into links to the page inside the volume.
 */
export const crossLinkPrefix = 'https://proceedings.invalid/go#'

const name = (key: string) => PDFName.of(key)

/**
 * Merges the PDFs printed piece by piece into one volume, keeping what makes
 * it accessible and navigable: every page's marked content stays tied to the
 * structure tree (struct parents renumbered across pieces), the named
 * destinations are gathered, and links across pieces become internal links.
 * The pieces are loaded one at a time and let go once copied; what is copied
 * and final is handed to `writer` at once, so that memory holds one piece
 * and the few objects still to change (pages, links, the structure root).
 */
export async function mergePieces(count: number, loadPiece: (index: number) => Promise<PDFDocument>, writer: VolumeWriter): Promise<PDFDocument> {
  const merged = await PDFDocument.create({updateMetadata: false})
  const {context} = merged
  const rootRef = context.nextRef()
  const root = context.obj({Type: 'StructTreeRoot'}) as PDFDict
  const kids: PDFObject[] = []
  const parentTree: PDFObject[] = []
  const dests = context.obj({}) as PDFDict
  const ids: [string, PDFRef][] = []
  // One flat page tree, filled at the end: adding pages one by one costs time in the square of their number.
  const pagesRef = merged.catalog.get(name('Pages')) as PDFRef
  const volumePages: PDFRef[] = []
  let parentOffset = 0

  for (let index = 0; index < count; index++) {
    const piece = await loadPiece(index)
    const before = context.largestObjectNumber
    renameStructureIds(piece, `p${String(index).padStart(3, '0')}-`)
    const copier = PDFObjectCopier.for(piece.context, context)
    const seen = (copier as unknown as {traversedObjects: Map<unknown, unknown>}).traversedObjects
    const pieceRoot = piece.catalog.lookupMaybe(name('StructTreeRoot'), PDFDict)
    const pieceRootRef = piece.catalog.get(name('StructTreeRoot'))
    // The piece's own root and pages map to the volume's, so nothing is copied twice.
    if (pieceRootRef instanceof PDFRef) seen.set(pieceRootRef, rootRef)
    const pages = piece.getPages()
    const pageRefs = pages.map((page) => {
      const ref = context.nextRef()
      seen.set(page.ref, ref)
      return ref
    })

    pages.forEach((page, pageIndex) => {
      const copied = copier.copy(page.node)
      context.assign(pageRefs[pageIndex]!, copied)
      offsetStructParents(merged, copied, parentOffset)
      copied.set(name('Parent'), pagesRef)
      volumePages.push(pageRefs[pageIndex]!)
    })

    if (pieceRoot) {
      const pieceKids = pieceRoot.get(name('K'))
      for (const kid of pieceKids instanceof PDFArray ? pieceKids.asArray() : pieceKids ? [pieceKids] : []) kids.push(copier.copy(kid))
      const entries = numberTreeEntries(piece, pieceRoot.get(name('ParentTree')))
      let highest = -1
      for (const [key, value] of entries) {
        parentTree.push(PDFNumber.of(key + parentOffset), copier.copy(value))
        highest = Math.max(highest, key)
      }
      parentOffset += highest + 1
      if (index === 0) {
        for (const key of ['RoleMap', 'ClassMap']) {
          const value = pieceRoot.get(name(key))
          if (value) root.set(name(key), copier.copy(value))
        }
      }
    }

    const pieceDests = piece.catalog.lookupMaybe(name('Dests'), PDFDict)
    for (const [key, value] of pieceDests?.entries() ?? []) dests.set(key, copier.copy(value))

    // Write what this piece brought and nothing will change again: all but its pages and their links.
    const kept = new Set<number>(pageRefs.map((ref) => ref.objectNumber))
    for (const ref of pageRefs) {
      const annots = (context.lookup(ref) as PDFDict).get(name('Annots'))
      if (annots instanceof PDFRef) kept.add(annots.objectNumber)
      const list = annots instanceof PDFRef ? context.lookup(annots) : annots
      for (const annot of list instanceof PDFArray ? list.asArray() : []) {
        if (annot instanceof PDFRef) kept.add(annot.objectNumber)
        // A link's action: a link to another piece is rewritten once all pieces are in.
        const action = (annot instanceof PDFRef ? context.lookup(annot) : annot) as PDFDict | undefined
        const target = action instanceof PDFDict ? action.get(name('A')) : undefined
        if (target instanceof PDFRef) kept.add(target.objectNumber)
      }
    }
    for (const value of dests.values()) if (value instanceof PDFRef) kept.add(value.objectNumber)
    const done: PDFRef[] = []
    for (let number = before + 1; number <= context.largestObjectNumber; number++) {
      if (kept.has(number)) continue
      const ref = PDFRef.of(number)
      const object = context.lookup(ref)
      if (object instanceof PDFDict && object.get(name('Type')) === name('StructElem')) {
        const id = object.get(name('ID'))
        if (id instanceof PDFString || id instanceof PDFHexString) ids.push([id.decodeText(), ref])
      }
      if (object instanceof PDFDict && [name('Pages'), name('Page'), name('Annot')].includes(object.get(name('Type')) as PDFName)) continue
      if (object !== undefined && ref !== rootRef) done.push(ref)
    }
    writer.flush(context, done)
  }

  const pageTree = merged.catalog.Pages()
  pageTree.set(name('Kids'), context.obj(volumePages))
  pageTree.set(name('Count'), PDFNumber.of(volumePages.length))
  root.set(name('K'), context.obj(kids))
  root.set(name('ParentTree'), context.obj({Nums: parentTree}))
  root.set(name('ParentTreeNextKey'), PDFNumber.of(parentOffset))
  root.set(name('IDTree'), context.obj({Names: ids.sort(([a], [b]) => (a < b ? -1 : 1)).flatMap(([id, ref]) => [PDFString.of(id), ref])}))
  context.assign(rootRef, root)
  merged.catalog.set(name('StructTreeRoot'), rootRef)
  merged.catalog.set(name('MarkInfo'), context.obj({Marked: true}))
  merged.catalog.set(name('Dests'), context.register(dests))
  linkAcrossPieces(merged, dests)
  return merged
}

/** Struct parent keys of a copied page and of its annotations move by the pieces before it. */
function offsetStructParents(pdf: PDFDocument, page: PDFDict, offset: number) {
  const shift = (dict: PDFDict, key: string) => {
    const value = dict.get(name(key))
    if (value instanceof PDFNumber) dict.set(name(key), PDFNumber.of(value.asNumber() + offset))
  }
  shift(page, 'StructParents')
  const annots = page.lookup(name('Annots'))
  if (annots instanceof PDFArray) {
    for (const annot of annots.asArray()) {
      const dict = annot instanceof PDFRef ? pdf.context.lookup(annot) : annot
      if (dict instanceof PDFDict) shift(dict, 'StructParent')
    }
  }
}

/** Links Chromium wrote as web links to another piece become links to that place in the volume. */
function linkAcrossPieces(pdf: PDFDocument, dests: PDFDict) {
  const byAnchor = new Map(dests.entries().map(([key, value]) => [decodeName(key.asString()), value]))
  for (const page of pdf.getPages()) {
    const annots = page.node.lookup(name('Annots'))
    if (!(annots instanceof PDFArray)) continue
    for (const annot of annots.asArray()) {
      const dict = annot instanceof PDFRef ? pdf.context.lookup(annot) : annot
      const action = dict instanceof PDFDict ? dict.lookup(name('A')) : undefined
      const uri = action instanceof PDFDict ? action.lookup(name('URI')) : undefined
      const target = uri instanceof PDFString || uri instanceof PDFHexString ? uri.decodeText() : undefined
      if (!target?.startsWith(crossLinkPrefix) || !(dict instanceof PDFDict)) continue
      const destination = byAnchor.get(decodeURIComponent(target.slice(crossLinkPrefix.length)))
      dict.delete(name('A'))
      if (destination) dict.set(name('Dest'), destination)
    }
  }
}

/** The entries of a number tree (a flat /Nums array or /Kids), as key and value. */
function numberTreeEntries(pdf: PDFDocument, node: PDFObject | undefined): [number, PDFObject][] {
  const dict = node instanceof PDFRef ? pdf.context.lookup(node) : node
  if (!(dict instanceof PDFDict)) return []
  const entries: [number, PDFObject][] = []
  const nums = dict.lookup(name('Nums'))
  if (nums instanceof PDFArray) {
    for (let index = 0; index + 1 < nums.size(); index += 2) {
      const key = nums.get(index)
      if (key instanceof PDFNumber) entries.push([key.asNumber(), nums.get(index + 1)])
    }
  }
  const kids = dict.lookup(name('Kids'))
  if (kids instanceof PDFArray) for (const kid of kids.asArray()) entries.push(...numberTreeEntries(pdf, kid))
  return entries
}

/**
 * Chromium names structure elements after DOM node ids, which shift from one
 * run to the next and repeat across pieces. Renames them in document order
 * with the piece's prefix, wherever they are used (table header references).
 */
function renameStructureIds(pdf: PDFDocument, prefix: string) {
  const elements = structElements(pdf)
  const renamed = new Map<string, string>()
  for (const [, element] of elements) {
    const id = element.get(name('ID'))
    if (!(id instanceof PDFString || id instanceof PDFHexString)) continue
    const next = `${prefix}${String(renamed.size + 1).padStart(6, '0')}`
    renamed.set(id.decodeText(), next)
    element.set(name('ID'), PDFString.of(next))
  }
  for (const [, element] of elements) {
    const attributes = element.get(name('A'))
    for (const attribute of attributes instanceof PDFArray ? attributes.asArray() : [attributes]) {
      const headers = attribute instanceof PDFDict ? attribute.get(name('Headers')) : undefined
      if (!(headers instanceof PDFArray)) continue
      headers.asArray().forEach((header, index) => {
        if (header instanceof PDFString || header instanceof PDFHexString) {
          headers.set(index, PDFString.of(renamed.get(header.decodeText()) ?? header.decodeText()))
        }
      })
    }
  }
  // The piece's ID tree is rebuilt for the whole volume; its old objects must not be written.
  const root = pdf.catalog.lookupMaybe(name('StructTreeRoot'), PDFDict)
  deleteTree(pdf, root?.get(name('IDTree')))
  root?.delete(name('IDTree'))
}

function structElements(pdf: PDFDocument): [PDFRef, PDFDict][] {
  return pdf.context
    .enumerateIndirectObjects()
    .filter((entry): entry is [PDFRef, PDFDict] => entry[1] instanceof PDFDict && entry[1].get(name('Type')) === name('StructElem'))
    .sort(([a], [b]) => a.objectNumber - b.objectNumber)
}

function deleteTree(pdf: PDFDocument, node: PDFObject | undefined) {
  if (!(node instanceof PDFRef)) return
  const dict = pdf.context.lookup(node)
  const kids = dict instanceof PDFDict ? dict.get(name('Kids')) : undefined
  if (kids instanceof PDFArray) for (const kid of kids.asArray()) deleteTree(pdf, kid)
  pdf.context.delete(node)
}

/** PDF names escape bytes as `#xx`; the `/` prefix is not part of the id. */
export function decodeName(pdfName: string): string {
  const bytes = pdfName.replace(/^\//, '').replace(/#([0-9a-fA-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
  return Buffer.from(bytes, 'latin1').toString('utf8')
}
