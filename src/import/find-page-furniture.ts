import type {ImportNote} from './import-concept-note.js'

/** `3`, `Page 2 of 3`, `Página 2 de 3`, `Page 2 sur 3`, `2/3`, `- 2 -`: a page number alone on its line. */
const pageNumberLine =
  /^(?:(?:page|p\.|pg\.?|página|pagina|pág\.?)\s*)?\d{1,3}(?:\s*(?:of|de|sur|\/)\s*\d{1,3})?$|^[-–—]\s*\d{1,3}\s*[-–—]$/i

/** Blank lines in a row that PDF extraction leaves where one page ends and the next begins. */
const pageGapLines = 3

/** Header or footer lines a page may have, each found once those outside it are gone. */
const furniturePasses = 3

export interface PageFurniture {
  /** 0-based indexes of the input lines to drop. */
  dropped: Set<number>
  notes: ImportNote[]
}

/**
 * Finds what a PDF prints on every page rather than in the text: page numbers,
 * and running headers or footers, the same line first (or last) on two pages or
 * more, pages ending at a form feed, a page number or a gap of blank lines. A
 * header of two lines is found in two passes. Only the occurrences at page
 * edges go, so a line the text repeats elsewhere stays; so do headings and list
 * items (`isStructure`), which pages may well start with.
 */
export function findPageFurniture(raw: string[], isStructure: (text: string) => boolean): PageFurniture {
  const text = raw.map((line) => line.replace(/\s+/g, ' ').trim())
  const dropped = new Set<number>()
  const notes: ImportNote[] = []
  text.forEach((line, index) => {
    if (pageNumberLine.test(line)) {
      dropped.add(index)
      notes.push({
        line: index + 1,
        severity: 'info',
        message: `Dropped the line \`${line}\`, taken for a page number.`
      })
    }
  })
  const breaks = pageBreaks(raw, text, dropped)

  const found = new Map<string, number[]>()
  for (let pass = 0; pass < furniturePasses; pass++) {
    const edges = new Map<string, number[]>()
    const edge = (index: number | undefined, place: 'first' | 'last') => {
      if (index === undefined || isStructure(text[index]!)) return
      const key = `${place} ${text[index]!.toLowerCase()}`
      edges.set(key, [...(edges.get(key) ?? []), index])
    }
    for (const at of breaks) {
      edge(nextContent(text, dropped, at, 1), 'first')
      edge(nextContent(text, dropped, at - 1, -1), 'last')
    }
    const before = dropped.size
    for (const [key, lines] of edges) {
      const distinct = [...new Set(lines)]
      if (distinct.length < 2) continue
      distinct.forEach((index) => dropped.add(index))
      const line = key.slice(key.indexOf(' ') + 1)
      found.set(line, [...(found.get(line) ?? []), ...distinct])
    }
    if (dropped.size === before) break
  }

  for (const lines of found.values()) {
    const numbers = [...new Set(lines)].sort((a, b) => a - b)
    notes.push({
      line: numbers[0]! + 1,
      severity: 'info',
      message: `Dropped the line \`${text[numbers[0]!]}\` on lines ${listNumbers(numbers.map((index) => index + 1))}, taken for a running header or footer: it starts or ends ${numbers.length} pages. Check that it is not part of the text.`
    })
  }
  return {dropped, notes}
}

/**
 * Where pages meet, each known by the first line after it (the end of the text
 * after the last), so that a page number, a form feed and a gap of blank lines
 * at one place make one break. The start and the end of the text are breaks.
 */
function pageBreaks(raw: string[], text: string[], dropped: Set<number>): Set<number> {
  const after = (index: number) => nextContent(text, dropped, index, 1) ?? text.length
  const breaks = new Set<number>([after(0), text.length])
  let blanks = 0
  text.forEach((line, index) => {
    if (raw[index]!.includes('\f') || dropped.has(index)) breaks.add(after(index))
    if (line !== '' && blanks >= pageGapLines) breaks.add(index)
    blanks = line === '' ? blanks + 1 : 0
  })
  return breaks
}

/** The first line from `start` going `step` that is not blank or dropped. */
function nextContent(text: string[], dropped: Set<number>, start: number, step: 1 | -1): number | undefined {
  for (let index = start; index >= 0 && index < text.length; index += step) {
    if (text[index] !== '' && !dropped.has(index)) return index
  }
  return undefined
}

function listNumbers(numbers: number[]): string {
  return numbers.length === 1
    ? String(numbers[0])
    : `${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`
}
