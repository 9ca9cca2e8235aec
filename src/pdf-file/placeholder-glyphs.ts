/**
 * What a page number's placeholder shows in a print made before the numbers
 * are known, for `draw-page-numbers.ts` to find it and draw the number in its
 * place. The placeholder is the ten digits and the letters of roman numerals,
 * then the number of the placeholder in the page (six digits), in small type:
 * the first part puts every character a page number uses in the PDF's font,
 * in the type the number will have, and tells which glyph is which; the
 * number tells which page number goes there.
 */
export const placeholderGlyphs = '0123456789ivxlcdm'

/** The text of the placeholder numbered `index` in its page. */
export function placeholderText(index: number): string {
  return `${placeholderGlyphs}${String(index).padStart(6, '0')}`
}

/** The number of the placeholder whose text is `shown`, or undefined when it is not one. */
export function placeholderIndex(shown: string): number | undefined {
  const match = placeholderTextPattern.exec(shown)
  return match ? Number(match[1]) : undefined
}

const placeholderTextPattern = new RegExp(`^${placeholderGlyphs}(\\d{6})$`)

/** The placeholder's type is this much smaller than the number's (`font-size: 20%` in the default `print.css`). */
export const placeholderScale = 5

/**
 * The first page's number of a piece printed before its numbers are known:
 * page n shows 1234567889 + n, so the first page shows every digit.
 */
export const placeholderPageStart = 1234567890

/** How a page number sits in its box of fixed width: from its start (running text) or against its end (the contents). */
export type NumberAlign = 'start' | 'end'
