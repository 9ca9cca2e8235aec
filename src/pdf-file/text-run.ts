import type {Font} from './read-font.js'

/**
 * A run of glyphs in a content stream, as Chromium writes one text object:
 * read back, measured, and written again with other glyphs.
 */
type Matrix = [number, number, number, number, number, number]

export interface Run {
  font: string
  size: number
  matrix: Matrix
  glyphs: number[]
  /** How far the glyphs shown one by one moved the text position: the run's width but its last glyph's. */
  steps: number
  oneByOne: boolean
}

/** A text object as Chromium writes one run of glyphs: its font, size and matrix, then each glyph shown and the step to the next. */
export function readRun(body: string): Run | undefined {
  const token =
    /\s*(?:\/(\S+) (-?[\d.]+) Tf|(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) Tm|(-?[\d.]+) 0 Td|<([0-9A-Fa-f]*)> Tj)/y
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
      for (let at = 0; at < match[10].length; at += 4)
        glyphs.push(Number.parseInt(match[10].slice(at, at + 4), 16))
    }
  }
  // Only an upright, unskewed run is placed by its matrix alone.
  if (font === undefined || !matrix || matrix[1] !== 0 || matrix[2] !== 0 || glyphs.length === 0)
    return undefined
  return {font, size, matrix, glyphs, steps, oneByOne}
}

/** How far each glyph moves the text position, in this size. */
export function advances(font: Font, glyphs: number[], size: number): number[] {
  return glyphs.map((glyph) => (font.width(glyph) / 1000) * size)
}

/** A run's width as laid out: from the steps between its glyphs when shown one by one. */
export function runWidth(run: Run, font: Font): number {
  return run.oneByOne
    ? run.steps + advances(font, [run.glyphs.at(-1)!], run.size)[0]!
    : advances(font, run.glyphs, run.size).reduce((sum, advance) => sum + advance, 0)
}

/** A text object showing `glyphs` in the run's font and place, moved by `shift` along the line, as Chromium writes one. */
export function textObject(run: Run, font: Font, glyphs: number[], size: number, shift: number): string {
  const steps = advances(font, glyphs, size)
  const [a, b, c, d, e, f] = run.matrix
  return [
    'BT',
    `/${run.font} ${decimal(size)} Tf`,
    `${decimal(a)} ${decimal(b)} ${decimal(c)} ${decimal(d)} ${decimal(e + a * shift)} ${decimal(f)} Tm`,
    ...glyphs.map(
      (glyph, at) =>
        `${at === 0 ? '' : `${decimal(steps[at - 1]!)} 0 Td `}<${glyph.toString(16).toUpperCase().padStart(4, '0')}> Tj`
    ),
    'ET'
  ].join('\n')
}

/** A number as PDF content writes it: plain decimals, no exponent. */
function decimal(value: number): string {
  const rounded = Math.round(value * 1e5) / 1e5
  return Object.is(rounded, -0) ? '0' : String(rounded)
}
