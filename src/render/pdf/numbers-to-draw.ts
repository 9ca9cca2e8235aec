import type {NumbersToDraw} from '../../pdf-file/draw-page-numbers.js'
import type {NumberAlign} from '../../pdf-file/placeholder-glyphs.js'
import {offsetPattern, pageOfElement, pageOfPattern, placeholderPattern} from '../theme/page-number-markup.js'

/**
 * The numbers to draw into the print of `draft`, a print page with
 * placeholders, to make the print of `wanted`: the label of each `pageOf`
 * and, with `runningNumbers`, the first page's number from `#page-offset`.
 * Undefined when the two pages differ in more than their numbers.
 */
export function numbersToDraw(
  draft: string,
  wanted: string,
  runningNumbers: boolean
): NumbersToDraw | undefined {
  const labels = [...wanted.matchAll(pageOfPattern)].map((match) => match[2]!)
  const offsetStyle = offsetPattern.exec(wanted)?.[2]
  const aligns: NumberAlign[] = []
  const filled = draft
    .replace(placeholderPattern, (_match, anchor: string, end: string | undefined) => {
      aligns.push(end ? 'end' : 'start')
      return pageOfElement(anchor, labels[aligns.length - 1] ?? '')
    })
    .replace(offsetPattern, (match, open: string, _old: string, close: string) =>
      offsetStyle === undefined ? match : `${open}${offsetStyle}${close}`
    )
  if (aligns.length !== labels.length || filled !== wanted) return undefined
  const start = /counter-reset: page (\d+);/.exec(offsetStyle ?? '')
  if (runningNumbers && !start) return undefined
  return {labels, aligns, firstPage: runningNumbers ? Number(start![1]) + 1 : undefined}
}
