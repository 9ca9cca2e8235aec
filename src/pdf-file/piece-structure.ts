import {inflateSync} from 'node:zlib'
import {PDFArray, PDFContext, PDFDict, PDFName, PDFNumber, PDFRef, type PDFObject} from 'pdf-lib'
import {decodeName} from './merge-pieces.js'
import {destinationTarget, namedDestinations} from './named-destinations.js'
import {latin1, RawPdf} from './raw-pdf.js'

/** What a structure element holds: elements, marked content on a page, or an annotation on a page. */
export type StructKid =
  {element: StructElement} | {page: number; mcid: number} | {page: number; annotation: number}

/** A structure element of a print: its dictionary as written (references not followed) and what it holds. */
export interface StructElement {
  role: string
  dict: PDFDict
  kids: StructKid[]
  /** The first and last page its content is on (Infinity and -Infinity for none). */
  first: number
  last: number
}

/** A printed PDF read for taking pages out of it: its pages in order, structure tree and named destinations. */
export interface PieceStructure {
  raw: RawPdf
  /** Object numbers of the pages, in order, and the index of each; the page tree's own nodes. */
  pages: number[]
  pageIndex: Map<number, number>
  pageTree: Set<number>
  /** The structure tree's top elements. */
  top: StructElement[]
  /** The structure root's role map and class map, when written in place. */
  roleMap: PDFObject | undefined
  /** Named destinations by anchor: the page's index and the destination as written. */
  destinations: Map<string, {page: number; target: PDFArray}>
  /** The MCIDs of the marked content on each page, by the page's index. */
  marked: Map<number, number[]>
  /** Parses an object of the print (references kept as they are); undefined for a stream. */
  parse(number: number): PDFObject | undefined
  isStream(number: number): boolean
  /** The decoded data of a content stream, kept: a page shared by two parts is inflated once. */
  content(number: number): Uint8Array
}

const name = (key: string) => PDFName.of(key)
/** A structure deeper than this is taken for a loop. */
const maxDepth = 256

/** Reads the pages, structure tree and destinations of a print as Chromium writes it. */
export function readPieceStructure(bytes: Uint8Array): PieceStructure {
  const raw = new RawPdf(bytes)
  const context = PDFContext.create()
  const parse = (number: number) => (raw.has(number) ? raw.parse(number, context) : undefined)
  const resolve = (value: PDFObject | undefined) =>
    value instanceof PDFRef ? parse(value.objectNumber) : value
  const catalog = resolve(PDFRef.of(raw.root))
  if (!(catalog instanceof PDFDict)) throw new Error('a print without a catalog')

  const pages: number[] = []
  const pageTree = new Set<number>()
  const walkPages = (value: PDFObject | undefined, depth: number) => {
    const node = resolve(value)
    if (!(node instanceof PDFDict) || depth > maxDepth) return
    if (node.get(name('Type')) === name('Pages')) {
      if (value instanceof PDFRef) pageTree.add(value.objectNumber)
      const kids = node.get(name('Kids'))
      for (const kid of kids instanceof PDFArray ? kids.asArray() : []) walkPages(kid, depth + 1)
    } else if (value instanceof PDFRef) pages.push(value.objectNumber)
  }
  walkPages(catalog.get(name('Pages')), 0)
  const pageIndex = new Map(pages.map((number, index) => [number, index]))

  const element = (dict: PDFDict, depth: number): StructElement => {
    const role = dict.get(name('S'))
    const pg = dict.get(name('Pg'))
    const page = pg instanceof PDFRef ? pageIndex.get(pg.objectNumber) : undefined
    const kids: StructKid[] = []
    const k = dict.get(name('K'))
    for (const kid of k instanceof PDFArray ? k.asArray() : k ? [k] : []) {
      if (kid instanceof PDFNumber) {
        if (page !== undefined) kids.push({page, mcid: kid.asNumber()})
        continue
      }
      const child = resolve(kid)
      if (!(child instanceof PDFDict)) continue
      const type = child.get(name('Type'))
      const childPg = child.get(name('Pg'))
      const childPage = childPg instanceof PDFRef ? pageIndex.get(childPg.objectNumber) : page
      if (type === name('MCR')) {
        const mcid = child.get(name('MCID'))
        if (mcid instanceof PDFNumber && childPage !== undefined)
          kids.push({page: childPage, mcid: mcid.asNumber()})
      } else if (type === name('OBJR')) {
        const object = child.get(name('Obj'))
        if (object instanceof PDFRef && childPage !== undefined)
          kids.push({page: childPage, annotation: object.objectNumber})
      } else if (depth < maxDepth) {
        kids.push({element: element(child, depth + 1)})
      }
    }
    let first = Infinity
    let last = -Infinity
    for (const kid of kids) {
      const [from, to] = 'element' in kid ? [kid.element.first, kid.element.last] : [kid.page, kid.page]
      first = Math.min(first, from)
      last = Math.max(last, to)
    }
    return {role: role instanceof PDFName ? role.decodeText() : '', dict, kids, first, last}
  }
  const rootDict = resolve(catalog.get(name('StructTreeRoot')))
  const top: StructElement[] = []
  let roleMap: PDFObject | undefined
  if (rootDict instanceof PDFDict) {
    const k = rootDict.get(name('K'))
    for (const kid of k instanceof PDFArray ? k.asArray() : k ? [k] : []) {
      const dict = resolve(kid)
      if (dict instanceof PDFDict) top.push(element(dict, 0))
    }
    const map = rootDict.get(name('RoleMap'))
    roleMap = map instanceof PDFDict ? map : undefined
  }

  const destinations = new Map<string, {page: number; target: PDFArray}>()
  for (const [key, value] of namedDestinations(catalog, resolve)) {
    const target = destinationTarget(value, resolve)
    const page = target instanceof PDFRef ? pageIndex.get(target.objectNumber) : undefined
    const array = resolve(value)
    if (page !== undefined && array instanceof PDFArray)
      destinations.set(decodeName(key.asString()), {page, target: array})
  }
  const isStream = (number: number) =>
    raw.has(number) && raw.object(number, (same) => same).stream !== undefined
  const contents = new Map<number, Uint8Array>()
  const content = (number: number) => {
    let data = contents.get(number)
    if (data === undefined) {
      const object = raw.object(number, (same) => same)
      const stream = object.bytes.subarray(object.stream![0], object.stream![1])
      data = /\/FlateDecode/.test(latin1(object.text())) ? inflateSync(stream) : stream
      contents.set(number, data)
    }
    return data
  }
  const marked = new Map<number, number[]>()
  const collect = (element: StructElement) => {
    for (const kid of element.kids) {
      if ('element' in kid) collect(kid.element)
      else if ('mcid' in kid) {
        const list = marked.get(kid.page)
        if (list) list.push(kid.mcid)
        else marked.set(kid.page, [kid.mcid])
      }
    }
  }
  for (const element of top) collect(element)
  return {raw, pages, pageIndex, pageTree, top, roleMap, destinations, marked, parse, isStream, content}
}

/** The elements of a role, in reading order (a `<article>` is printed as `Art`). */
export function elementsOfRole(structure: PieceStructure, role: string): StructElement[] {
  const found: StructElement[] = []
  const walk = (element: StructElement) => {
    if (element.role === role) found.push(element)
    else for (const kid of element.kids) if ('element' in kid) walk(kid.element)
  }
  for (const element of structure.top) walk(element)
  return found
}

/** The marked content and annotations an element holds, as `page:mcid` and `a:number` keys. */
export function leavesOf(element: StructElement, into = new Set<string>()): Set<string> {
  for (const kid of element.kids) {
    if ('element' in kid) leavesOf(kid.element, into)
    else into.add(leafKey(kid))
  }
  return into
}

export function leafKey(kid: {page: number; mcid: number} | {page: number; annotation: number}): string {
  return 'mcid' in kid ? `${kid.page}:${kid.mcid}` : `a:${kid.annotation}`
}
