import {promisify} from 'node:util'
import {deflate as deflateCallback, inflateSync} from 'node:zlib'
import {PDFArray, PDFContext, PDFDict, PDFName, PDFNumber, PDFRef, type PDFObject} from 'pdf-lib'
import {placeholderGlyphs, placeholderPageStart, placeholderScale, type NumberAlign} from './number-patch.js'
import {contentStateAt, type ContentState} from './content-state.js'
import {latin1, RawPdf} from './raw-pdf.js'

/** The page numbers to draw into a piece printed with placeholders. */
export interface NumbersToDraw {
  /** The label of each placeholder (`12`, `iv`), in the order of the `pageOf` elements of its print page. */
  labels: string[]
  /** How each sits in its box, in the same order. */
  aligns: NumberAlign[]
  /**
   * The number of the piece's first page, when it was printed with
   * `placeholderPageStart` as its first page's running number (centred at
   * the page's foot) and no running number on its other pages.
   */
  firstPage?: number
}

/**
 * Draws the page numbers into a piece printed with placeholders, as the
 * browser would have drawn them: the same font and glyphs (the placeholder
 * put every one of them in the PDF), the type scaled back up, placed at the
 * start or the end of the placeholder's box, or centred for running page
 * numbers. Only the text of each placeholder changes, in its marked content:
 * the tags, links and destinations stay as printed. The running numbers of
 * the pages after the first are drawn from a small stream of their own
 * before each page's content, as a pagination artifact, in the state the
 * first page's number was drawn in: those pages' own content, compressed,
 * stays as printed unless it holds a placeholder.
 *
 * Undefined when the print is not as expected (a placeholder or a running
 * page number missing, out of order, or in a form not read here): the piece
 * is then printed again with its numbers.
 */
export async function drawNumbers(bytes: Uint8Array, numbers: NumbersToDraw): Promise<Uint8Array | undefined> {
  const raw = new RawPdf(bytes)
  const context = PDFContext.create()
  const resolve = (value: PDFObject | undefined): PDFObject | undefined =>
    value instanceof PDFRef ? (raw.has(value.objectNumber) ? raw.parse(value.objectNumber, context) : undefined) : value
  const stream = (value: PDFObject | undefined): Uint8Array | undefined => {
    if (!(value instanceof PDFRef) || !raw.has(value.objectNumber)) return undefined
    const object = raw.object(value.objectNumber, (same) => same)
    if (!object.stream) return undefined
    const head = latin1(object.text())
    const data = raw.bytes.subarray(...object.stream)
    return /\/Filter\s*\/FlateDecode/.test(head) ? inflateSync(data) : /\/Filter/.test(head) ? undefined : data
  }

  const pages: {ref: PDFRef; page: PDFDict}[] = []
  const walk = (value: PDFObject | undefined) => {
    const node = resolve(value)
    if (!(node instanceof PDFDict) || !(value instanceof PDFRef)) return
    const kids = node.get(PDFName.of('Kids'))
    if (node.get(PDFName.of('Type')) === PDFName.of('Pages')) for (const kid of kids instanceof PDFArray ? kids.asArray() : []) walk(kid)
    else pages.push({ref: value, page: node})
  }
  const catalog = resolve(PDFRef.of(raw.root))
  if (!(catalog instanceof PDFDict)) return undefined
  walk(catalog.get(PDFName.of('Pages')))

  const fonts = new Map<number, Font | undefined>()
  const fontAt = (value: PDFObject | undefined): Font | undefined => {
    if (!(value instanceof PDFRef)) return undefined
    if (!fonts.has(value.objectNumber)) fonts.set(value.objectNumber, readFont(value, resolve, stream))
    return fonts.get(value.objectNumber)
  }

  const changedPages = new Map<number, string>()
  // The running page number of the first page, printed as `placeholderPageStart`: the later pages of the
  // print have none, and theirs is drawn in the same state, font and place, from a stream of its own.
  let running: {run: Run; font: Font; state: ContentState; width: number; resources: PDFDict} | undefined
  let nextPlaceholder = 0
  for (const [index, {page}] of pages.entries()) {
    const contents = page.get(PDFName.of('Contents'))
    const data = stream(contents)
    if (!(contents instanceof PDFRef) || !data) return undefined
    const resources = resolve(page.get(PDFName.of('Resources')))
    const fontDict = resources instanceof PDFDict ? resolve(resources.get(PDFName.of('Font'))) : undefined
    const fontNamed = (name: string) => (fontDict instanceof PDFDict ? fontAt(fontDict.get(PDFName.of(name))) : undefined)
    let failed = false
    let changed = false
    const content = latin1(data)
    const text = content.replace(/BT\n([^]*?)\nET/g, (block, body: string, offset: number) => {
      // A placeholder or a running page number is a short run: longer ones (lines of text) are not read.
      if (body.length > longestRun) return block
      // Placeholders begin with a 0, running page numbers with a 1: other runs are passed by their first glyph.
      const start = runStart.exec(body)
      const first = start && fontNamed(start[1]!)?.unicode.get(Number.parseInt(start[2]!, 16))
      if (first !== '0' && first !== '1') return block
      const run = readRun(body)
      const font = run && fontNamed(run.font)
      if (!run || !font) return block
      const shown = run.glyphs.map((glyph) => font.unicode.get(glyph) ?? '\uFFFD').join('')
      if (numbers.firstPage !== undefined && index === 0 && shown === String(placeholderPageStart)) {
        const state = contentStateAt(content, offset)
        if (!state || !(resources instanceof PDFDict)) {
          failed = true
          return block
        }
        running = {run, font, state, width: runWidth(run, font), resources}
        changed = true
        return runningNumber(running, numbers.firstPage)
      }
      const placeholder = placeholderPattern.exec(shown)
      if (!placeholder) return block
      const at = Number(placeholder[1])
      if (at !== nextPlaceholder++ || at >= numbers.labels.length) {
        failed = true
        return block
      }
      const label = numbers.labels[at]!
      const glyphs = [...label].map((character) => run.glyphs[placeholderGlyphs.indexOf(character)])
      if (glyphs.some((glyph) => glyph === undefined)) {
        failed = true
        return block
      }
      const size = run.size * placeholderScale
      const width = advances(font, glyphs as number[], size).reduce((sum, advance) => sum + advance, 0)
      const before = runWidth(run, font)
      changed = true
      return textObject(run, font, glyphs as number[], size, (numbers.aligns[at] ?? 'start') === 'start' ? 0 : before - width)
    })
    if (failed) return undefined
    if (changed) changedPages.set(contents.objectNumber, text)
  }
  if (nextPlaceholder !== numbers.labels.length) return undefined
  if (numbers.firstPage !== undefined && !running) return undefined

  const replaced = new Map<number, Uint8Array>()
  const added: Uint8Array[] = []
  if (running) {
    // The later pages' contents become [their number, their own]: the number is drawn first, as Chromium draws
    // the margins first, in the state the first page's was drawn in, which it leaves as it found it.
    const firstPage = numbers.firstPage!
    for (const [index, {ref, page}] of pages.entries()) {
      if (index === 0) continue
      const number = raw.size + added.length
      added.push(streamObject(number, `q\n${running.state.operators.join('\n')}\n/Artifact <</Type /Pagination /Subtype /Footer >>BDC\n${runningNumber(running, firstPage + index)}\nEMC\nQ`))
      const head = latin1(raw.object(ref.objectNumber, (same) => same).text())
      const contents = /\/Contents (\d+) 0 R/.exec(head)
      // A page without them is printed again with its numbers.
      if (!contents || !hasResources(page, running, resolve)) return undefined
      replaced.set(ref.objectNumber, Buffer.from(`${ref.objectNumber} 0 obj\n${head.replace(contents[0], `/Contents [${number} 0 R ${contents[1]} 0 R]`)}\nendobj\n`, 'latin1'))
    }
  }
  // Compressed off the main thread, so that the browsers printing beside are answered meanwhile.
  for (const [number, text] of await Promise.all([...changedPages].map(async ([number, text]) => [number, await deflate(Buffer.from(text, 'latin1'))] as const))) {
    replaced.set(number, Buffer.concat([
      Buffer.from(`${number} 0 obj\n<</Filter /FlateDecode\n/Length ${text.length}>> stream\n`, 'latin1'),
      text,
      Buffer.from('\nendstream\nendobj\n', 'latin1')
    ]))
  }
  return raw.withObjects(replaced, added)
}

/** How Chromium begins a text object: its font, then its first glyph. */
const runStart = /^\/(\S+) -?[\d.]+ Tf\n[^<]*<([0-9A-Fa-f]{4})/

/** Longer than any placeholder's text object, as Chromium writes them (about 30 characters a glyph). */
const longestRun = 2000

const deflate = promisify(deflateCallback)

const placeholderPattern = new RegExp(`^${placeholderGlyphs}(\\d{6})$`)

type Matrix = [number, number, number, number, number, number]

interface Run {
  font: string
  size: number
  matrix: Matrix
  glyphs: number[]
  /** How far the glyphs shown one by one moved the text position: the run's width but its last glyph's. */
  steps: number
  oneByOne: boolean
}

/** A text object as Chromium writes one run of glyphs: its font, size and matrix, then each glyph shown and the step to the next. */
function readRun(body: string): Run | undefined {
  const token = /\s*(?:\/(\S+) (-?[\d.]+) Tf|(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) Tm|(-?[\d.]+) 0 Td|<([0-9A-Fa-f]*)> Tj)/y
  let font: string | undefined
  let size = 0
  let matrix: Matrix | undefined
  const glyphs: number[] = []
  let steps = 0
  let oneByOne = true
  while (token.lastIndex < body.length) {
    const match = token.exec(body)
    if (!match) return undefined
    if (match[1] !== undefined) {
      if (font !== undefined) return undefined
      font = match[1]
      size = Number(match[2])
    } else if (match[3] !== undefined) {
      if (matrix || glyphs.length) return undefined
      matrix = match.slice(3, 9).map(Number) as Matrix
    } else if (match[9] !== undefined) {
      steps += Number(match[9])
    } else if (match[10] !== undefined) {
      if (match[10].length % 4 !== 0) return undefined
      oneByOne &&= match[10].length === 4
      for (let at = 0; at < match[10].length; at += 4) glyphs.push(Number.parseInt(match[10].slice(at, at + 4), 16))
    }
  }
  // Only an upright, unskewed run is placed by its matrix alone.
  if (font === undefined || !matrix || matrix[1] !== 0 || matrix[2] !== 0 || glyphs.length === 0) return undefined
  return {font, size, matrix, glyphs, steps, oneByOne}
}

/** How far each glyph moves the text position, in this size. */
function advances(font: Font, glyphs: number[], size: number): number[] {
  return glyphs.map((glyph) => (font.width(glyph) / 1000) * size)
}

/** A run's width as laid out: from the steps between its glyphs when shown one by one. */
function runWidth(run: Run, font: Font): number {
  return run.oneByOne
    ? run.steps + advances(font, [run.glyphs.at(-1)!], run.size)[0]!
    : advances(font, run.glyphs, run.size).reduce((sum, advance) => sum + advance, 0)
}

/** A text object showing `glyphs` in the run's font and place, moved by `shift` along the line, as Chromium writes one. */
function textObject(run: Run, font: Font, glyphs: number[], size: number, shift: number): string {
  const steps = advances(font, glyphs, size)
  const [a, b, c, d, e, f] = run.matrix
  return [
    'BT',
    `/${run.font} ${decimal(size)} Tf`,
    `${decimal(a)} ${decimal(b)} ${decimal(c)} ${decimal(d)} ${decimal(e + a * shift)} ${decimal(f)} Tm`,
    ...glyphs.map((glyph, at) => `${at === 0 ? '' : `${decimal(steps[at - 1]!)} 0 Td `}<${glyph.toString(16).toUpperCase().padStart(4, '0')}> Tj`),
    'ET'
  ].join('\n')
}

/** The running page number `page`, centred where the first page's placeholder number is. */
function runningNumber(running: {run: Run; font: Font; width: number}, page: number): string {
  // The first page shows every digit: each one's glyph is where it is in `placeholderPageStart`.
  const glyphs = [...String(page)].map((character) => running.run.glyphs[String(placeholderPageStart).indexOf(character)]!)
  const width = advances(running.font, glyphs, running.run.size).reduce((sum, advance) => sum + advance, 0)
  return textObject(running.run, running.font, glyphs, running.run.size, (running.width - width) / 2)
}

/** A new object holding `text` as an uncompressed stream. */
function streamObject(number: number, text: string): Uint8Array {
  return Buffer.from(`${number} 0 obj\n<</Length ${text.length}>> stream\n${text}\nendstream\nendobj\n`, 'latin1')
}

/**
 * Whether a page has the resources the running number is drawn with, under
 * the names the first page gives them. Chromium names each resource after its
 * object and lists the fonts of its margins on every page.
 */
function hasResources(page: PDFDict, running: {run: Run; state: ContentState; resources: PDFDict}, resolve: (value: PDFObject | undefined) => PDFObject | undefined): boolean {
  const own = resolve(page.get(PDFName.of('Resources')))
  return own instanceof PDFDict && [{category: 'Font', name: running.run.font}, ...running.state.resources].every(({category, name}) => {
    const wanted = resolve(running.resources.get(PDFName.of(category)))
    const present = resolve(own.get(PDFName.of(category)))
    const ref = wanted instanceof PDFDict ? wanted.get(PDFName.of(name)) : undefined
    const found = present instanceof PDFDict ? present.get(PDFName.of(name)) : undefined
    return ref instanceof PDFRef && found instanceof PDFRef && found.objectNumber === ref.objectNumber
  })
}

/** A composite font as Chromium embeds one: two-byte glyph ids, their text and their widths. */
interface Font {
  unicode: Map<number, string>
  width(glyph: number): number
}

function readFont(ref: PDFRef, resolve: (value: PDFObject | undefined) => PDFObject | undefined, stream: (value: PDFObject | undefined) => Uint8Array | undefined): Font | undefined {
  const font = resolve(ref)
  if (!(font instanceof PDFDict) || font.get(PDFName.of('Encoding')) !== PDFName.of('Identity-H')) return undefined
  const descendants = resolve(font.get(PDFName.of('DescendantFonts')))
  const cid = descendants instanceof PDFArray ? resolve(descendants.get(0)) : undefined
  const toUnicode = stream(font.get(PDFName.of('ToUnicode')))
  if (!(cid instanceof PDFDict) || !toUnicode) return undefined
  const unicode = readToUnicode(latin1(toUnicode))
  const defaultWidth = resolve(cid.get(PDFName.of('DW')))
  const widths = readWidths(resolve(cid.get(PDFName.of('W'))), resolve)
  const fallback = defaultWidth instanceof PDFNumber ? defaultWidth.asNumber() : 1000
  return {unicode, width: (id) => widths.get(id) ?? fallback}
}

/** A font's `W` array: `c [w1 w2 …]` gives widths from c on, `c1 c2 w` one width to a range. */
function readWidths(value: PDFObject | undefined, resolve: (value: PDFObject | undefined) => PDFObject | undefined): Map<number, number> {
  const widths = new Map<number, number>()
  const items = value instanceof PDFArray ? value.asArray().map(resolve) : []
  for (let at = 0; at < items.length;) {
    const first = items[at]
    const next = items[at + 1]
    if (!(first instanceof PDFNumber)) break
    if (next instanceof PDFArray) {
      next.asArray().forEach((width, offset) => {
        if (width instanceof PDFNumber) widths.set(first.asNumber() + offset, width.asNumber())
      })
      at += 2
    } else {
      const width = items[at + 2]
      if (!(next instanceof PDFNumber) || !(width instanceof PDFNumber)) break
      for (let id = first.asNumber(); id <= next.asNumber(); id++) widths.set(id, width.asNumber())
      at += 3
    }
  }
  return widths
}

/** The text of each glyph id, from a ToUnicode CMap's `bfchar` and `bfrange` sections. */
function readToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>()
  const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le')
  for (const [, section] of cmap.matchAll(/beginbfchar([^]*?)endbfchar/g)) {
    for (const [, code, text] of section!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(Number.parseInt(code!, 16), utf16(text!))
  }
  for (const [, section] of cmap.matchAll(/beginbfrange([^]*?)endbfrange/g)) {
    for (const [, low, high, start, list] of section!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]+)>|\[([^\]]*)\])/g)) {
      const from = Number.parseInt(low!, 16)
      const to = Number.parseInt(high!, 16)
      if (start !== undefined) {
        const first = Buffer.from(start, 'hex')
        for (let id = from; id <= to; id++) {
          const text = Buffer.from(first)
          text.writeUInt16BE((text.readUInt16BE(text.length - 2) + id - from) & 0xffff, text.length - 2)
          map.set(id, text.swap16().toString('utf16le'))
        }
      } else {
        [...list!.matchAll(/<([0-9A-Fa-f]+)>/g)].forEach(([, text], offset) => map.set(from + offset, utf16(text!)))
      }
    }
  }
  return map
}

/** A number as PDF content writes it: plain decimals, no exponent. */
function decimal(value: number): string {
  const rounded = Math.round(value * 1e5) / 1e5
  return Object.is(rounded, -0) ? '0' : String(rounded)
}

