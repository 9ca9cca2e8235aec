import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
  type PDFObject
} from 'pdf-lib'
import {namedDestinations} from './named-destinations.js'
import {RawPdf} from './raw-pdf.js'
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
 * The pieces are read one at a time and let go once copied. Their objects are
 * copied as bytes, renumbered, straight to `writer`; only what the merge
 * changes is parsed (catalog, pages, links, the structure tree's root and
 * parent tree, elements with ids), and only what changes again later stays in
 * memory (pages, links across pieces, the structure root). Pieces are
 * merged in `order`, each loaded when its turn comes and merged before the
 * next is loaded (so a `PdfShapeError` is the last loaded piece's), and their
 * pages and structure are listed in the volume in the pieces' own order.
 */
export async function mergePieces(
  count: number,
  loadPiece: (index: number) => Promise<Uint8Array>,
  writer: VolumeWriter,
  order: readonly number[] = [...Array(count).keys()]
): Promise<PDFDocument> {
  const merged = await PDFDocument.create({updateMetadata: false})
  const {context} = merged
  const rootRef = context.nextRef()
  const root = context.obj({Type: 'StructTreeRoot'}) as PDFDict
  // Top structure elements and pages, per piece: the volume lists them in the pieces' order, whatever the merge's.
  const kids: PDFObject[][] = []
  const parentTree: PDFObject[] = []
  const dests = context.obj({}) as PDFDict
  const ids: [string, PDFRef][] = []
  const crossLinks: PDFDict[] = []
  const volumePages: PDFRef[][] = []
  // One flat page tree, filled at the end: adding pages one by one costs time in the square of their number.
  const pagesRef = merged.catalog.get(name('Pages')) as PDFRef
  let parentOffset = 0

  for (const index of order) {
    const raw = new RawPdf(await loadPiece(index))
    const pieceKids: PDFObject[] = (kids[index] = [])
    const piecePages: PDFRef[] = (volumePages[index] = [])
    // The piece's object n becomes the volume's object base + n.
    const base = context.largestObjectNumber
    context.largestObjectNumber = base + raw.size - 1
    const moved = new Map<number, number>()
    const renumber = (number: number) => moved.get(number) ?? base + number
    const local = (value: PDFObject | undefined) =>
      value instanceof PDFRef ? value.objectNumber - base : undefined
    const parse = (number: number) => raw.parse(number, context, renumber)
    const parseDict = (value: PDFObject | undefined): PDFDict | undefined => {
      const number = local(value)
      const object = number === undefined ? value : raw.has(number) ? parse(number) : undefined
      return object instanceof PDFDict ? object : undefined
    }
    /** Piece objects the volume rebuilds or has already taken: not copied. */
    const taken = new Set<number>([raw.root, ...(raw.info === undefined ? [] : [raw.info])])
    const dictAt = (value: PDFObject | undefined) => {
      const number = local(value)
      if (number !== undefined) taken.add(number)
      return parseDict(value)
    }

    const catalog = parseDict(PDFRef.of(base + raw.root))
    // The piece's structure root is the volume's: elements that name it as parent keep pointing at a root.
    const pieceRoot = local(catalog?.get(name('StructTreeRoot')))
    if (pieceRoot !== undefined) moved.set(pieceRoot, rootRef.objectNumber)
    const structRoot = pieceRoot === undefined ? undefined : parse(pieceRoot)
    if (pieceRoot !== undefined) taken.add(pieceRoot)

    // Pages in order, each under the volume's page tree, its struct parents after the pieces before.
    // They stay in memory, as the outline and page labels are written: taken, not copied.
    const walk = (value: PDFObject | undefined) => {
      const node = dictAt(value)
      if (!node) return
      if (node.get(name('Type')) === name('Pages')) {
        const pageKids = node.get(name('Kids'))
        for (const kid of pageKids instanceof PDFArray ? pageKids.asArray() : []) walk(kid)
        return
      }
      const ref = value as PDFRef
      node.set(name('Parent'), pagesRef)
      shift(node, 'StructParents', parentOffset)
      context.assign(ref, node)
      piecePages.push(ref)
      const annots = node.get(name('Annots'))
      for (const annot of annots instanceof PDFArray ? annots.asArray() : []) {
        const dict = dictAt(annot)
        if (!dict || !(annot instanceof PDFRef)) continue
        shift(dict, 'StructParent', parentOffset)
        const action = dict.get(name('A'))
        const target = dictAt(action)
        if (action instanceof PDFRef && target) context.assign(action, target)
        const uri = target?.get(name('URI'))
        // A link to another piece is rewritten once all pieces are in; the rest is final.
        if (
          (uri instanceof PDFString || uri instanceof PDFHexString) &&
          uri.decodeText().startsWith(crossLinkPrefix)
        ) {
          context.assign(annot, dict)
          crossLinks.push(dict)
        } else {
          writer.write(annot, dict)
          if (action instanceof PDFRef && target) writer.flush(context, [action])
        }
      }
    }
    walk(catalog?.get(name('Pages')))

    if (structRoot instanceof PDFDict) {
      const elements = structRoot.get(name('K'))
      pieceKids.push(...(elements instanceof PDFArray ? elements.asArray() : elements ? [elements] : []))
      let highest = -1
      for (const [key, value] of numberTreeEntries(structRoot.get(name('ParentTree')), dictAt)) {
        parentTree.push(PDFNumber.of(key + parentOffset), value)
        highest = Math.max(highest, key)
      }
      parentOffset += highest + 1
      // Chromium writes the same role map in every piece: the first merged one's is kept.
      for (const key of ['RoleMap', 'ClassMap']) {
        const value = structRoot.get(name(key))
        if (value && !root.has(name(key))) root.set(name(key), value)
      }
      // The volume's id tree is built anew from the renamed elements.
      numberTreeEntries(structRoot.get(name('IDTree')), dictAt, 'Names')
    }
    const resolve = (value: PDFObject | undefined) => (value instanceof PDFRef ? dictAt(value) : value)
    for (const [key, value] of catalog ? namedDestinations(catalog, resolve) : []) dests.set(key, value)

    const renamed = renameStructureIds(
      raw,
      (number) => (taken.has(number) ? undefined : parse(number)),
      `p${String(index).padStart(3, '0')}-`
    )
    for (const [number, id] of renamed.ids) ids.push([id, PDFRef.of(base + number)])
    for (let number = 1; number < raw.size; number++) {
      if (!raw.has(number) || taken.has(number)) continue
      const changed = renamed.changed.get(number)
      if (changed) writer.write(PDFRef.of(base + number), changed)
      else writer.writeRaw(base + number, raw.object(number, renumber))
    }
  }

  const pageTree = merged.catalog.Pages()
  const pages = volumePages.flat()
  pageTree.set(name('Kids'), context.obj(pages))
  pageTree.set(name('Count'), PDFNumber.of(pages.length))
  root.set(name('K'), context.obj(kids.flat()))
  root.set(name('ParentTree'), context.obj({Nums: parentTree}))
  root.set(name('ParentTreeNextKey'), PDFNumber.of(parentOffset))
  root.set(
    name('IDTree'),
    context.obj({
      Names: ids.sort(([a], [b]) => (a < b ? -1 : 1)).flatMap(([id, ref]) => [PDFString.of(id), ref])
    })
  )
  context.assign(rootRef, root)
  merged.catalog.set(name('StructTreeRoot'), rootRef)
  merged.catalog.set(name('MarkInfo'), context.obj({Marked: true}))
  merged.catalog.set(name('Dests'), context.register(dests))
  linkAcrossPieces(crossLinks, dests)
  return merged
}

function shift(dict: PDFDict, key: string, offset: number) {
  const value = dict.get(name(key))
  if (value instanceof PDFNumber) dict.set(name(key), PDFNumber.of(value.asNumber() + offset))
}

/** Links Chromium wrote as web links to another piece become links to that place in the volume. */
function linkAcrossPieces(links: PDFDict[], dests: PDFDict) {
  const byAnchor = new Map(dests.entries().map(([key, value]) => [decodeName(key.asString()), value]))
  for (const link of links) {
    const action = link.get(name('A'))
    const dict = action instanceof PDFRef ? link.context.lookup(action) : action
    const uri = dict instanceof PDFDict ? dict.get(name('URI')) : undefined
    const target = uri instanceof PDFString || uri instanceof PDFHexString ? uri.decodeText() : ''
    const destination = byAnchor.get(safeDecodeURIComponent(target.slice(crossLinkPrefix.length)))
    link.delete(name('A'))
    if (action instanceof PDFRef) link.context.delete(action)
    if (destination) link.set(name('Dest'), destination)
  }
}

/** A contributor may write a link to the cross-link address itself, with a malformed escape: it then leads nowhere. */
function safeDecodeURIComponent(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return ''
  }
}

/**
 * The entries of a number tree (`Nums`) or name tree (`Names`), as key and
 * value; its nodes are taken, not copied, as the volume builds its own.
 */
function numberTreeEntries(
  node: PDFObject | undefined,
  dictAt: (value: PDFObject | undefined) => PDFDict | undefined,
  key = 'Nums'
): [number, PDFObject][] {
  const dict = dictAt(node)
  if (!dict) return []
  const entries: [number, PDFObject][] = []
  const nums = dict.get(name(key))
  if (nums instanceof PDFArray) {
    for (let index = 0; index + 1 < nums.size(); index += 2) {
      const number = nums.get(index)
      if (number instanceof PDFNumber) entries.push([number.asNumber(), nums.get(index + 1)])
    }
  }
  const kids = dict.get(name('Kids'))
  if (kids instanceof PDFArray)
    for (const kid of kids.asArray()) entries.push(...numberTreeEntries(kid, dictAt, key))
  return entries
}

/**
 * Chromium names structure elements after DOM node ids, which shift from one
 * run to the next and repeat across pieces. Renames them in document order
 * with the piece's prefix, wherever they are used (table header references).
 * Only objects whose text mentions an id are parsed.
 */
function renameStructureIds(raw: RawPdf, parse: (number: number) => PDFObject | undefined, prefix: string) {
  /** The objects parsed here, to be written as changed. */
  const changed = new Map<number, PDFDict>()
  for (const number of raw.objectsMentioning(['/ID', '/Headers'])) {
    const object = parse(number)
    if (object instanceof PDFDict) changed.set(number, object)
  }
  const elements = [...changed].filter(([, dict]) => dict.get(name('Type')) === name('StructElem'))
  const renamed = new Map<string, string>()
  const ids: [number, string][] = []
  for (const [number, element] of elements) {
    const id = element.get(name('ID'))
    if (!(id instanceof PDFString || id instanceof PDFHexString)) continue
    const next = `${prefix}${String(renamed.size + 1).padStart(6, '0')}`
    renamed.set(id.decodeText(), next)
    element.set(name('ID'), PDFString.of(next))
    ids.push([number, next])
  }
  // Header references sit in an element's attributes, or in an attribute object of their own.
  for (const dict of changed.values()) {
    const attributes = dict.get(name('Type')) === name('StructElem') ? dict.get(name('A')) : dict
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
  return {changed, ids}
}

/**
 * The id a named destination was made for. PDF names escape bytes as `#xx`;
 * the `/` prefix is not part of the id; Chromium names a destination by its
 * link's URL fragment, with `%xx` escapes (`s:caf%C3%A9` for `s:café`).
 */
export function decodeName(pdfName: string): string {
  const bytes = pdfName
    .replace(/^\//, '')
    .replace(/#([0-9a-fA-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
  const name = Buffer.from(bytes, 'latin1').toString('utf8')
  try {
    return decodeURIComponent(name)
  } catch {
    return name
  }
}
