import {placeholderText, type NumberAlign} from '../../pdf-file/placeholder-glyphs.js'

/**
 * How a print page shows page numbers, for the PDF step to find them in its
 * HTML and in the page: the start of the page counter (`<style
 * id="page-offset">` in `print.hbs`) and the element `pageOf` writes for each
 * number, or for its placeholder when the numbers are drawn into the PDF after
 * the print.
 */

/** What `pageOf` writes once the page's numbers are known. */
export function pageOfElement(anchor: string, label: string): string {
  return `<span data-page-of="${anchor}">${label}</span>`
}

/**
 * What `pageOf` writes in a print page printed before its numbers are known:
 * the placeholder text in small type (`placeholder-glyphs.ts`). It fits in the
 * box of five digits the default theme gives page numbers, so the lines lay
 * out as they will with the numbers.
 */
export function placeholderElement(anchor: string, index: number, align: NumberAlign): string {
  return `<span data-page-of="${anchor}"${align === 'end' ? ' data-align="end"' : ''}><span class="page-placeholder">${placeholderText(index)}</span></span>`
}

/** A `pageOf` element with its number: the anchor, then the label. */
export const pageOfPattern = /<span data-page-of="([^"]*)">([^<&]*)<\/span>/g

/** A `pageOf` element with a placeholder: the anchor, then whether it is aligned to the end. */
export const placeholderPattern =
  /<span data-page-of="([^"]*)"( data-align="end")?><span class="page-placeholder">[^<]*<\/span><\/span>/g

/** The page counter's start: the style element's opening, its text, its closing. */
export const offsetPattern = /(<style id="page-offset">)([^<]*)(<\/style>)/
