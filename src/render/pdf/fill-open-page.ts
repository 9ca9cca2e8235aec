import {offsetPattern, pageOfElement, pageOfPattern} from '../theme/page-number-markup.js'

/**
 * The page numbers to fill into a print page left open in the browser after
 * it was measured: the start of the page counter (`<style id="page-offset">`)
 * and the text of each `pageOf` element. A page filled in prints again sooner
 * than a fresh page.
 */
export interface NumberPatch {
  /** The text of `<style id="page-offset">`, when the page has one. */
  offsetStyle: string | undefined
  /** The text of each `pageOf` element, in document order. */
  labels: string[]
}

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
    .replace(offsetPattern, (match, open: string, _old: string, close: string) =>
      offsetStyle === undefined ? match : `${open}${offsetStyle}${close}`
    )
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
