import type {PageLabels, PieceLayout} from './piece-cache.js'
import type {Piece} from './pieces.js'

/** The page numbers of a volume, by anchor, and where each piece's pages start. */
export interface Numbers {
  /** The printed number of each anchor's page. */
  labels: PageLabels
  /** Per piece, the number of the page before its first page. */
  offsets: number[]
}

/**
 * Page numbers from prints of the pieces: the front matter in roman numerals
 * from its cover, the rest from 1 on across sessions and indexes. A piece
 * not printed yet keeps the numbers of `fallback`.
 */
export function numbersFromPrints(
  pieces: Piece[],
  printOf: (index: number) => PieceLayout | undefined,
  fallback?: Numbers
): Numbers {
  const labels: PageLabels = {...fallback?.labels}
  const offsets: number[] = []
  let body = 0
  pieces.forEach((piece, index) => {
    const print = printOf(index)
    const offset = piece.front ? 0 : body
    offsets.push(offset)
    if (!print) {
      // Not printed yet: as long as the fallback had it.
      if (!piece.front && fallback)
        body += (fallback.offsets[index + 1] ?? fallback.offsets[index]!) - fallback.offsets[index]!
      return
    }
    for (const [anchor, page] of print.anchors) {
      labels[anchor] = piece.front ? romanNumeral(page) : String(page + offset)
    }
    if (!piece.front) body += print.pages
  })
  return {labels, offsets}
}

/** The numbers a previous build printed, as the first guess of this one. */
export function numbersFromLabels(pieces: Piece[], labels: PageLabels): Numbers {
  return {
    labels: {...labels},
    offsets: pieces.map((piece) =>
      piece.front ? 0 : Math.max(0, Number(labels[piece.anchors[0]!] ?? 1) - 1)
    )
  }
}

/** `iv` for 4: the front matter's page numbers. */
export function romanNumeral(value: number): string {
  const numerals: [number, string][] = [
    [1000, 'm'],
    [900, 'cm'],
    [500, 'd'],
    [400, 'cd'],
    [100, 'c'],
    [90, 'xc'],
    [50, 'l'],
    [40, 'xl'],
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i']
  ]
  let rest = value
  let text = ''
  for (const [amount, numeral] of numerals) {
    while (rest >= amount) {
      text += numeral
      rest -= amount
    }
  }
  return text
}
