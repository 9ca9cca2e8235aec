import type {NumbersToDraw} from './patch-numbers.js'

/**
 * Where a print page holds page numbers: the start of the page counter
 * (`<style id="page-offset">`) and each `pageOf` element. A piece is first
 * printed with placeholders, to learn where its pages break; its numbers are
 * then filled into the page already laid out, which prints again sooner than
 * a fresh page.
 */
export interface NumberPatch {
  /** The text of `<style id="page-offset">`, when the page has one. */
  offsetStyle: string | undefined
  /** The text of each `pageOf` element, in document order. */
  labels: string[]
}

/** What `pageOf` writes: an element the patch can find, in the HTML and in the page. */
export function pageOfElement(anchor: string, label: string): string {
  return `<span data-page-of="${anchor}">${label}</span>`
}

/** How a page number sits in its box of fixed width: from its start (running text) or against its end (the contents). */
export type NumberAlign = 'start' | 'end'

/**
 * What `pageOf` writes in a print page printed before its numbers are known,
 * for the PDF step to draw them into the PDF afterwards (`patch-numbers.ts`).
 * The placeholder is the ten digits and the letters of roman numerals, then
 * the number of the `pageOf` in the page (six digits), in small type. The
 * first part puts every character a page number uses in the PDF's font, in
 * the type the number will have, and tells which glyph is which; the number
 * tells which page number goes there. It fits in the box of five digits the
 * default theme gives page numbers, so the lines lay out as they will with
 * the numbers.
 */
export function placeholderElement(anchor: string, index: number, align: NumberAlign): string {
  return `<span data-page-of="${anchor}"${align === 'end' ? ' data-align="end"' : ''}><span class="page-placeholder">${placeholderGlyphs}${String(index).padStart(6, '0')}</span></span>`
}

/** Every character of a page number, arabic or roman. */
export const placeholderGlyphs = '0123456789ivxlcdm'

/** The placeholder's type is this much smaller than the number's (`font-size: 20%` in the default `print.css`). */
export const placeholderScale = 5

/**
 * The first page's number of a piece printed before its numbers are known:
 * page n shows 1234567889 + n, so the first page shows every digit.
 */
export const placeholderPageStart = 1234567890

const placeholderPattern = /<span data-page-of="([^"]*)"( data-align="end")?><span class="page-placeholder">[^<]*<\/span><\/span>/g

/** The anchor and alignment of each placeholder in a print page, in document order. */
export function placeholdersOf(html: string): {anchor: string; align: NumberAlign}[] {
  return [...html.matchAll(placeholderPattern)].map((match) => ({anchor: match[1]!, align: match[2] ? 'end' : 'start'}))
}

/**
 * The numbers to draw into the print of `draft`, a print page with
 * placeholders, to make the print of `wanted`: the label of each `pageOf`
 * and, with `runningNumbers`, the first page's number from `#page-offset`.
 * Undefined when the two pages differ in more than their numbers.
 */
export function numbersToDraw(draft: string, wanted: string, runningNumbers: boolean): NumbersToDraw | undefined {
  const labels = [...wanted.matchAll(pageOfPattern)].map((match) => match[2]!)
  const offsetStyle = offsetPattern.exec(wanted)?.[2]
  const aligns: NumberAlign[] = []
  const filled = draft
    .replace(placeholderPattern, (_match, anchor: string, end: string | undefined) => {
      aligns.push(end ? 'end' : 'start')
      return pageOfElement(anchor, labels[aligns.length - 1] ?? '')
    })
    .replace(offsetPattern, (match, open: string, _old: string, close: string) => (offsetStyle === undefined ? match : `${open}${offsetStyle}${close}`))
  if (aligns.length !== labels.length || filled !== wanted) return undefined
  const start = /counter-reset: page (\d+);/.exec(offsetStyle ?? '')
  if (runningNumbers && !start) return undefined
  return {labels, aligns, firstPage: runningNumbers ? Number(start![1]) + 1 : undefined}
}

const pageOfPattern = /<span data-page-of="([^"]*)">([^<&]*)<\/span>/g
const offsetPattern = /(<style id="page-offset">)([^<]*)(<\/style>)/

/**
 * The patch that turns the page printed from `printed` into the page of
 * `wanted`, or undefined when the two differ in more than their numbers
 * (a theme that uses the numbers elsewhere): that page is printed afresh.
 */
export function numberPatch(printed: string, wanted: string): NumberPatch | undefined {
  const labels = [...wanted.matchAll(pageOfPattern)].map((match) => match[2]!)
  const offsetStyle = offsetPattern.exec(wanted)?.[2]
  let next = 0
  const patched = printed
    .replace(pageOfPattern, (_match, anchor: string) => pageOfElement(anchor, labels[next++] ?? ''))
    .replace(offsetPattern, (match, open: string, _old: string, close: string) => (offsetStyle === undefined ? match : `${open}${offsetStyle}${close}`))
  return next === labels.length && patched === wanted ? {offsetStyle, labels} : undefined
}

/**
 * Applies a patch inside the page (run by the browser; the page's own
 * scripts stay off). False when the page does not have the patch's places.
 */
export function applyNumberPatch(offsetStyle: string | undefined, labels: string[]): boolean {
  const spans = document.querySelectorAll('span[data-page-of]')
  const style = document.getElementById('page-offset')
  if (spans.length !== labels.length || (offsetStyle !== undefined && !style)) return false
  spans.forEach((span, index) => {
    span.textContent = labels[index]!
  })
  if (style && offsetStyle !== undefined) style.textContent = offsetStyle
  return true
}
