import {promisify} from 'node:util'
import {deflate as deflateCallback, inflateSync} from 'node:zlib'
import {PDFArray, PDFContext, PDFDict, PDFName, PDFRef, type PDFObject} from 'pdf-lib'
import {contentStateAt, type ContentState} from './content-state.js'
import {
  placeholderGlyphs,
  placeholderIndex,
  placeholderPageStart,
  placeholderScale,
  type NumberAlign
} from './placeholder-glyphs.js'
import {PdfShapeError} from './pdf-shape-error.js'
import {latin1, RawPdf} from './raw-pdf.js'
import {readFont, type Font} from './read-font.js'
import {advances, readRun, runWidth, textObject, type Run} from './text-run.js'

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
 * is then printed again with its numbers. A file in a shape the raw reader
 * does not read is a `PdfShapeError`.
 */
export async function drawNumbers(
  bytes: Uint8Array,
  numbers: NumbersToDraw
): Promise<Uint8Array | undefined> {
  const raw = new RawPdf(bytes)
  const context = PDFContext.create()
  const resolve = (value: PDFObject | undefined): PDFObject | undefined =>
    value instanceof PDFRef
      ? raw.has(value.objectNumber)
        ? raw.parse(value.objectNumber, context)
        : undefined
      : value
  const stream = (value: PDFObject | undefined): Uint8Array | undefined => {
    if (!(value instanceof PDFRef) || !raw.has(value.objectNumber)) return undefined
    const object = raw.object(value.objectNumber, (same) => same)
    if (!object.stream) return undefined
    const head = latin1(object.text())
    const data = raw.bytes.subarray(...object.stream)
    if (!/\/Filter\s*\/FlateDecode/.test(head)) return /\/Filter/.test(head) ? undefined : data
    try {
      return inflateSync(data)
    } catch (error) {
      throw new PdfShapeError(`object ${value.objectNumber} has a stream that does not inflate`, {
        cause: error
      })
    }
  }

  const pages: {ref: PDFRef; page: PDFDict}[] = []
  const walk = (value: PDFObject | undefined) => {
    const node = resolve(value)
    if (!(node instanceof PDFDict) || !(value instanceof PDFRef)) return
    const kids = node.get(PDFName.of('Kids'))
    if (node.get(PDFName.of('Type')) === PDFName.of('Pages'))
      for (const kid of kids instanceof PDFArray ? kids.asArray() : []) walk(kid)
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
    const fontNamed = (name: string) =>
      fontDict instanceof PDFDict ? fontAt(fontDict.get(PDFName.of(name))) : undefined
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
      const at = placeholderIndex(shown)
      if (at === undefined) return block
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
      return textObject(
        run,
        font,
        glyphs as number[],
        size,
        (numbers.aligns[at] ?? 'start') === 'start' ? 0 : before - width
      )
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
      added.push(
        streamObject(
          number,
          `q\n${running.state.operators.join('\n')}\n/Artifact <</Type /Pagination /Subtype /Footer >>BDC\n${runningNumber(running, firstPage + index)}\nEMC\nQ`
        )
      )
      const head = latin1(raw.object(ref.objectNumber, (same) => same).text())
      const contents = /\/Contents (\d+) 0 R/.exec(head)
      // A page without them is printed again with its numbers.
      if (!contents || !hasResources(page, running, resolve)) return undefined
      replaced.set(
        ref.objectNumber,
        Buffer.from(
          `${ref.objectNumber} 0 obj\n${head.replace(contents[0], `/Contents [${number} 0 R ${contents[1]} 0 R]`)}\nendobj\n`,
          'latin1'
        )
      )
    }
  }
  // Compressed off the main thread, so that the browsers printing beside are answered meanwhile.
  for (const [number, text] of await Promise.all(
    [...changedPages].map(
      async ([number, text]) => [number, await deflate(Buffer.from(text, 'latin1'))] as const
    )
  )) {
    replaced.set(
      number,
      Buffer.concat([
        Buffer.from(`${number} 0 obj\n<</Filter /FlateDecode\n/Length ${text.length}>> stream\n`, 'latin1'),
        text,
        Buffer.from('\nendstream\nendobj\n', 'latin1')
      ])
    )
  }
  return raw.withObjects(replaced, added)
}

/** How Chromium begins a text object: its font, then its first glyph. */
const runStart = /^\/(\S+) -?[\d.]+ Tf\n[^<]*<([0-9A-Fa-f]{4})/

/** Longer than any placeholder's text object, as Chromium writes them (about 30 characters a glyph). */
const longestRun = 2000

const deflate = promisify(deflateCallback)

/** The running page number `page`, centred where the first page's placeholder number is. */
function runningNumber(running: {run: Run; font: Font; width: number}, page: number): string {
  // The first page shows every digit: each one's glyph is where it is in `placeholderPageStart`.
  const glyphs = [...String(page)].map(
    (character) => running.run.glyphs[String(placeholderPageStart).indexOf(character)]!
  )
  const width = advances(running.font, glyphs, running.run.size).reduce((sum, advance) => sum + advance, 0)
  return textObject(running.run, running.font, glyphs, running.run.size, (running.width - width) / 2)
}

/** A new object holding `text` as an uncompressed stream. */
function streamObject(number: number, text: string): Uint8Array {
  return Buffer.from(
    `${number} 0 obj\n<</Length ${text.length}>> stream\n${text}\nendstream\nendobj\n`,
    'latin1'
  )
}

/**
 * Whether a page has the resources the running number is drawn with, under
 * the names the first page gives them. Chromium names each resource after its
 * object and lists the fonts of its margins on every page.
 */
function hasResources(
  page: PDFDict,
  running: {run: Run; state: ContentState; resources: PDFDict},
  resolve: (value: PDFObject | undefined) => PDFObject | undefined
): boolean {
  const own = resolve(page.get(PDFName.of('Resources')))
  return (
    own instanceof PDFDict &&
    [{category: 'Font', name: running.run.font}, ...running.state.resources].every(({category, name}) => {
      const wanted = resolve(running.resources.get(PDFName.of(category)))
      const present = resolve(own.get(PDFName.of(category)))
      const ref = wanted instanceof PDFDict ? wanted.get(PDFName.of(name)) : undefined
      const found = present instanceof PDFDict ? present.get(PDFName.of(name)) : undefined
      return ref instanceof PDFRef && found instanceof PDFRef && found.objectNumber === ref.objectNumber
    })
  )
}
