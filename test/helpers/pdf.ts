import {execFile} from 'node:child_process'
import {readFile} from 'node:fs/promises'
import {promisify} from 'node:util'
import {PDFArray, PDFDict, PDFDocument, PDFRef, PDFStream, type PDFObject} from 'pdf-lib'
import {getDocument} from 'pdfjs-dist/legacy/build/pdf.mjs'

export interface PdfPage {
  /** The page's text, white space folded. */
  text: string
  /** The page's runs line by line down the page, a space between runs: the same whichever part of the page was drawn first. */
  downThePage: string
  /** Link annotations: to a place in the document (`dest`) or to a web address (`url`). */
  links: {dest: unknown; url: string | undefined}[]
  /** Runs of text with their distance from the left and the bottom of the page, and their width, in points. */
  runs: {text: string; x: number; y: number; width: number}[]
  /** The page's lines down the page, as a reader sees them: runs on one baseline, left to right, white space folded. */
  lines: string[]
}

export interface OutlineItem {
  title: string
  items: OutlineItem[]
}

export interface PdfReading {
  pages: PdfPage[]
  outline: OutlineItem[]
  /** The page labels a viewer shows (`ii`, `12`), or null when the PDF has none. */
  labels: string[] | null
  info: Record<string, unknown>
  marked: boolean
  /** The structure roles used on each page (H1, P, Figure…), with Figure alt texts. */
  structure: {roles: Set<string>; alts: string[]}
}

/** Reads a PDF as a reader's tools see it: text per page, bookmarks, metadata, tags. */
export async function readPdf(file: string): Promise<PdfReading> {
  const document = await getDocument({data: new Uint8Array(await readFile(file)), useSystemFonts: false})
    .promise
  const pages: PdfPage[] = []
  const roles = new Set<string>()
  const alts: string[] = []
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number)
    const content = await page.getTextContent()
    const runs = content.items.flatMap((item) =>
      'str' in item
        ? [
            {
              text: item.str + (item.hasEOL ? '\n' : ''),
              x: item.transform[4] as number,
              y: item.transform[5] as number,
              width: item.width
            }
          ]
        : []
    )
    // Runs are joined as they are: ligatures such as `fi` come as runs of their own.
    const links = (await page.getAnnotations())
      .filter((annotation) => annotation.subtype === 'Link')
      .map((annotation) => ({dest: annotation.dest as unknown, url: annotation.url as string | undefined}))
    const fold = (list: typeof runs, between: string) =>
      list
        .map((run) => run.text)
        .join(between)
        .replace(/\s+/g, ' ')
        .trim()
    pages.push({
      text: fold(runs, ''),
      downThePage: fold(
        runs.toSorted((a, b) => Math.round(b.y) - Math.round(a.y)),
        ' '
      ),
      runs,
      lines: linesOf(runs),
      links
    })
    collectStructure((await page.getStructTree()) as unknown as StructNode, roles, alts)
  }
  const outline = toOutline((await document.getOutline()) ?? [])
  const labels = await document.getPageLabels()
  const {info} = await document.getMetadata()
  const marked = Boolean((await document.getMarkInfo())?.Marked)
  await document.destroy()
  return {pages, outline, labels, info: info as Record<string, unknown>, marked, structure: {roles, alts}}
}

/**
 * The text of a PDF (or of one page) as poppler's `pdftotext` extracts it, the way a search engine
 * reads it: soft hyphens dropped and words broken at a line's end joined again.
 */
export async function pdftotext(file: string, page?: number): Promise<string> {
  const pages = page === undefined ? [] : ['-f', String(page), '-l', String(page)]
  const {stdout} = await promisify(execFile)('pdftotext', [...pages, file, '-'], {
    maxBuffer: 64 * 1024 * 1024
  })
  return stdout.replaceAll('\u00ad', '').replace(/[\u2010-]\n/g, '')
}

/** The text of each page of a PDF, in page order. */
export async function pdfPages(file: string): Promise<string[]> {
  return (await readPdf(file)).pages.map((page) => page.text)
}

function linesOf(runs: PdfPage['runs']): string[] {
  const byBaseline = new Map<number, PdfPage['runs']>()
  for (const run of runs) {
    const y = Math.round(run.y)
    byBaseline.set(y, [...(byBaseline.get(y) ?? []), run])
  }
  return [...byBaseline.entries()]
    .sort(([a], [b]) => b - a)
    .map(([, line]) =>
      line
        .toSorted((a, b) => a.x - b.x)
        .map((run) => run.text)
        .join('')
        .replace(/\s+/g, ' ')
        .trim()
    )
    .filter(Boolean)
}

function toOutline(items: {title: string; items: unknown[]}[]): OutlineItem[] {
  return items.map((item) => ({
    title: item.title,
    items: toOutline(item.items as {title: string; items: unknown[]}[])
  }))
}

interface StructNode {
  role?: string
  alt?: string
  children?: StructNode[]
}

function collectStructure(node: StructNode | null, roles: Set<string>, alts: string[]) {
  if (!node) return
  if (node.role) roles.add(node.role)
  if (node.role === 'Figure' && node.alt) alts.push(node.alt)
  for (const child of node.children ?? []) collectStructure(child, roles, alts)
}

/** The references in a PDF that point to no object: a merge that lost or misnumbered an object leaves some. */
export async function danglingReferences(
  file: string
): Promise<{objects: number; references: number; dangling: string[]}> {
  const pdf = await PDFDocument.load(await readFile(file), {updateMetadata: false})
  const dangling: string[] = []
  let references = 0
  const visit = (object: PDFObject) => {
    if (object instanceof PDFRef) {
      references++
      if (pdf.context.lookup(object) === undefined) dangling.push(object.toString())
    } else if (object instanceof PDFDict) {
      for (const [, value] of object.entries()) visit(value)
    } else if (object instanceof PDFArray) {
      for (const value of object.asArray()) visit(value)
    } else if (object instanceof PDFStream) {
      visit(object.dict)
    }
  }
  const objects = pdf.context.enumerateIndirectObjects()
  for (const [, object] of objects) visit(object)
  return {objects: objects.length, references, dangling}
}
