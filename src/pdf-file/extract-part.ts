import {deflateSync} from 'node:zlib'
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFRef,
  PDFString,
  type PDFObject
} from 'pdf-lib'
import {leafKey, type PieceStructure, type StructElement} from './piece-structure.js'
import {VolumeWriter} from './volume-writer.js'
import {writeOutline, type OutlineEntry} from './write-outline.js'
import {
  contentBytes,
  filteredStream,
  holdsReference,
  linkLeadsSomewhere,
  RawCopy,
  renameHeaders,
  resolveArray,
  sortNumberTree
} from './part-objects.js'

export interface PartInfo {
  title: string
  authors: string[]
  subject: string
  keywords: string[]
  language: string
  /** Fixes the PDF's dates, so that the same input gives the same bytes. */
  date: Date
}

export interface PartRequest {
  /** The pages taken, as indexes into the print's pages, in order. */
  pages: number[]
  /** The marked content and annotations kept (`leavesOf`); everything on the pages when undefined. */
  leaves?: ReadonlySet<string>
  /** The number printed on the first page, for the page labels a viewer shows. */
  firstNumber: number
  info: PartInfo
  outline: OutlineEntry[]
  /** A page of another print drawn over the first page: the citation line. */
  stamp?: {structure: PieceStructure; page: number}
}

const name = (key: string) => PDFName.of(key)
/** Keys of a page that the part writes anew. */
const pageKeysRewritten = new Set(['Parent', 'Annots', 'StructParents', 'Contents', 'B', 'Thumb'].map(name))
/** Keys of a structure element that the part writes anew, or leaves out (Chromium's ids repeat across prints). */
const elementKeysRewritten = new Set(['Type', 'S', 'P', 'K', 'Pg', 'ID'].map(name))
/** Names are compared as objects: PDFName.of gives one object per name. */
const attributes = name('A')

/**
 * A PDF of some pages of a print, with only the marked content that
 * `leaves` names: the text of the contributions sharing its first and last
 * pages is left out, the rest of those pages (running heads, numbers) kept.
 * Fonts, images and content streams are copied as bytes; the pages, the
 * structure tree (pruned to what is kept), links, destinations and
 * bookmarks are written anew. The result is tagged, with its own metadata.
 */
export async function extractPart(structure: PieceStructure, request: PartRequest): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({updateMetadata: false})
  const {context} = pdf
  const pagesRef = pdf.catalog.get(name('Pages')) as PDFRef
  const nullRef = context.register(PDFNull)
  const kept = new Set(request.pages)
  const pageRefs = new Map(request.pages.map((index) => [index, context.nextRef()]))
  const copies: RawCopy[] = []
  const pieceCopy = new RawCopy(structure, context, (number) => {
    const index = structure.pageIndex.get(number)
    if (index !== undefined) return pageRefs.get(index) ?? nullRef
    return number === structure.raw.root || structure.pageTree.has(number) ? nullRef : undefined
  })
  copies.push(pieceCopy)

  // Destinations on the pages taken, and the links that lead to one of them or to the web.
  const dests = context.obj({}) as PDFDict
  const destinations = new Map<string, {page: number; target: PDFObject}>()
  for (const [anchor, {page, target}] of structure.destinations) {
    if (!kept.has(page)) continue
    const array = context.obj([pageRefs.get(page)!, ...target.asArray().slice(1)])
    dests.set(PDFName.of(anchor), array)
    destinations.set(anchor, {page: request.pages.indexOf(page) + 1, target: array})
  }
  const annotations = new Map<number, {ref: PDFRef; dict: PDFDict; page: number}>()
  for (const index of request.pages) {
    const page = structure.parse(structure.pages[index]!) as PDFDict
    const annots = resolveArray(structure, page.get(name('Annots')))
    for (const annot of annots) {
      if (!(annot instanceof PDFRef)) continue
      if (request.leaves && !request.leaves.has(leafKey({page: index, annotation: annot.objectNumber})))
        continue
      const dict = structure.parse(annot.objectNumber)
      if (!(dict instanceof PDFDict) || !linkLeadsSomewhere(structure, dict, dests)) continue
      const copy = pieceCopy.rebase(dict) as PDFDict
      copy.set(name('P'), pageRefs.get(index)!)
      copy.delete(name('StructParent'))
      annotations.set(annot.objectNumber, {ref: context.nextRef(), dict: copy, page: index})
    }
  }

  // The structure tree, pruned to what is kept; the parent tree maps marked content and links to their elements.
  const parents = new Map<number, PDFObject[]>(request.pages.map((index) => [index, []]))
  const parentTree: PDFObject[] = []
  let nextKey = request.pages.length
  const structRootRef = context.nextRef()
  const [firstKept, lastKept] = [request.pages[0]!, request.pages.at(-1)!]
  // Chromium names elements after DOM node ids, which shift from one run to the next: renamed in reading order.
  const renamed = new Map<string, string>()
  const rename = (id: string) => {
    let next = renamed.get(id)
    if (next === undefined) renamed.set(id, (next = `e${String(renamed.size + 1).padStart(6, '0')}`))
    return next
  }
  const emit = (element: StructElement, parent: PDFRef): PDFRef | undefined => {
    // Most of a print's elements are on other pages: they are passed over without a look inside.
    if (element.last < firstKept || element.first > lastKept) return undefined
    const ref = context.nextRef()
    const kids: PDFObject[] = []
    for (const kid of element.kids) {
      if ('element' in kid) {
        const child = emit(kid.element, ref)
        if (child) kids.push(child)
      } else if ('mcid' in kid) {
        if (!kept.has(kid.page) || (request.leaves && !request.leaves.has(leafKey(kid)))) continue
        kids.push(context.obj({Type: 'MCR', Pg: pageRefs.get(kid.page)!, MCID: kid.mcid}))
        parents.get(kid.page)![kid.mcid] = ref
      } else {
        const annotation = annotations.get(kid.annotation)
        if (!annotation) continue
        kids.push(context.obj({Type: 'OBJR', Obj: annotation.ref, Pg: pageRefs.get(annotation.page)!}))
        annotation.dict.set(name('StructParent'), PDFNumber.of(nextKey))
        parentTree.push(PDFNumber.of(nextKey++), ref)
      }
    }
    if (kids.length === 0) return undefined
    const dict = context.obj({Type: 'StructElem', S: element.role, P: parent, K: kids}) as PDFDict
    for (const [key, value] of element.dict.entries())
      if (!elementKeysRewritten.has(key) && !holdsReference(value))
        dict.set(key, key === attributes ? renameHeaders(context, value, rename) : value)
    const id = element.dict.get(name('ID'))
    if (id instanceof PDFString || id instanceof PDFHexString)
      dict.set(name('ID'), PDFString.of(rename(id.decodeText())))
    context.assign(ref, dict)
    return ref
  }
  const top = structure.top.map((element) => emit(element, structRootRef)).filter((ref) => ref !== undefined)

  // The citation line: another print's page, drawn over the first page as a form, tagged as a paragraph.
  const first = request.pages[0]!
  let stampContent: PDFRef | undefined
  let stampForm: PDFRef | undefined
  if (request.stamp && top.length > 0) {
    const {structure: stamp, page} = request.stamp
    const stampCopy = new RawCopy(stamp, context, (number) =>
      stamp.pageIndex.has(number) || number === stamp.raw.root || stamp.pageTree.has(number)
        ? nullRef
        : undefined
    )
    const stampPage = stamp.parse(stamp.pages[page]!) as PDFDict
    stampForm = context.register(
      context.stream(contentBytes(stamp, stampPage.get(name('Contents'))), {
        Type: 'XObject',
        Subtype: 'Form',
        BBox: stampCopy.rebase(stampPage.get(name('MediaBox'))!),
        Resources: stampCopy.rebase(stampPage.get(name('Resources')) ?? context.obj({})),
        Filter: 'FlateDecode'
      })
    )
    copies.push(stampCopy)
    const mcid = parents.get(first)!.length
    const paragraph = context.nextRef()
    context.assign(
      paragraph,
      context.obj({
        Type: 'StructElem',
        S: 'P',
        P: top[0]!,
        K: [context.obj({Type: 'MCR', Pg: pageRefs.get(first)!, MCID: mcid})]
      })
    )
    const document = context.lookup(top[0]!, PDFDict)
    const documentKids = document.get(name('K')) as PDFArray
    documentKids.insert(0, paragraph)
    parents.get(first)![mcid] = paragraph
    stampContent = context.register(
      context.stream(deflateSync(Buffer.from(`/P <</MCID ${mcid}>> BDC q /Xcite Do Q EMC\n`, 'latin1')), {
        Filter: 'FlateDecode'
      })
    )
  }

  // The pages: their resources copied, their content left without what is not kept.
  const pageList: PDFRef[] = []
  request.pages.forEach((index, order) => {
    const page = structure.parse(structure.pages[index]!) as PDFDict
    const dict = context.obj({}) as PDFDict
    for (const [key, value] of page.entries())
      if (!pageKeysRewritten.has(key)) dict.set(key, pieceCopy.rebase(value))
    dict.set(name('Parent'), pagesRef)
    dict.set(name('StructParents'), PDFNumber.of(order))
    const annots = [...annotations.values()].filter((annotation) => annotation.page === index)
    for (const annotation of annots) context.assign(annotation.ref, annotation.dict)
    if (annots.length) dict.set(name('Annots'), context.obj(annots.map((annotation) => annotation.ref)))
    const contents = resolveArray(structure, page.get(name('Contents')))
    const leaves = request.leaves
    const keep = (mcid: number) => !leaves || leaves.has(`${index}:${mcid}`)
    // A page whose every marked content is kept is copied as it is, without reading its content.
    const whole = !leaves || (structure.marked.get(index) ?? []).every(keep)
    const streams = contents.map((stream) =>
      whole ? pieceCopy.rebase(stream) : filteredStream(structure, context, pieceCopy, stream, keep)
    )
    if (order === 0 && stampContent && stampForm) {
      streams.unshift(stampContent)
      const resources = dict.get(name('Resources'))
      const resourceDict = resources instanceof PDFDict ? resources : (context.obj({}) as PDFDict)
      const xobjects = resourceDict.get(name('XObject'))
      const xobjectDict = xobjects instanceof PDFDict ? xobjects : (context.obj({}) as PDFDict)
      xobjectDict.set(name('Xcite'), stampForm)
      resourceDict.set(name('XObject'), xobjectDict)
      dict.set(name('Resources'), resourceDict)
    }
    dict.set(name('Contents'), context.obj(streams))
    const ref = pageRefs.get(index)!
    context.assign(ref, dict)
    pageList.push(ref)
    parentTree.push(
      PDFNumber.of(order),
      context.obj(Array.from(parents.get(index)!, (parent) => parent ?? PDFNull))
    )
  })
  // Keys in order: the pages' entries come first.
  const nums = sortNumberTree(parentTree)

  const pageTree = pdf.catalog.Pages()
  pageTree.set(name('Kids'), context.obj(pageList))
  pageTree.set(name('Count'), PDFNumber.of(pageList.length))
  const root = context.obj({Type: 'StructTreeRoot', K: top, ParentTree: context.obj({Nums: nums})}) as PDFDict
  root.set(name('ParentTreeNextKey'), PDFNumber.of(nextKey))
  if (structure.roleMap && !holdsReference(structure.roleMap)) root.set(name('RoleMap'), structure.roleMap)
  context.assign(structRootRef, root)
  pdf.catalog.set(name('StructTreeRoot'), structRootRef)
  pdf.catalog.set(name('MarkInfo'), context.obj({Marked: true}))
  pdf.catalog.set(name('Dests'), context.register(dests))
  pdf.catalog.set(
    name('PageLabels'),
    context.obj({Nums: [PDFNumber.of(0), context.obj({S: 'D', St: request.firstNumber})]})
  )
  writeOutline(pdf, request.outline, destinations)

  const {info} = request
  pdf.setTitle(info.title, {showInWindowTitleBar: true})
  if (info.authors.length) pdf.setAuthor(info.authors.join('; '))
  pdf.setSubject(info.subject)
  if (info.keywords.length) pdf.setKeywords([info.keywords.join('; ')])
  pdf.setLanguage(info.language)
  pdf.setCreator('forum-proceedings')
  pdf.setProducer('forum-proceedings (Chromium, pdf-lib)')
  pdf.setCreationDate(info.date)
  pdf.setModificationDate(info.date)

  // A part weighs some hundred kB: blocks of the volume's size would be mostly empty.
  const writer = new VolumeWriter(undefined, 256 * 1024)
  for (const copy of copies) copy.copyInto(writer)
  return writer.finish(context)!
}
