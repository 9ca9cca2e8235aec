/**
 * The graphics state in force at a point of a page's content stream, as the
 * operators that set it: enough to draw something else later in that state,
 * from a stream of its own (after the page's content, wrapped in `q … Q`).
 * Kept: the transformation (`cm`), colours and colour spaces, line and text
 * state, extended states (`gs`) and clipping paths. Text objects and painted
 * paths leave no state behind and are skipped.
 */
export interface ContentState {
  /** The operators, one per line, in the order they were applied. */
  operators: string[]
  /** The named resources they use, by category (`ExtGState`, `ColorSpace`). */
  resources: {category: string; name: string}[]
}

/** Undefined when the stream holds something not read here (an inline image, a shading pattern by name, unbalanced `Q`). */
export function contentStateAt(content: string, end: number): ContentState | undefined {
  // What each saved state (`q`) holds in force, the page's own first.
  const levels: ContentState[] = [{operators: [], resources: []}]
  let operands: string[] = []
  // A path being built, and whether it is to clip (`W` or `W*` before the operator that ends it).
  let path: string[] = []
  let clip: string | undefined
  const token =
    /\s*(?:%[^\r\n]*|(<<)|(\()|(<[0-9A-Fa-f\s]*>|\/[^\s/[\]()<>{}%]*|[+-]?(?:\d+\.?\d*|\.\d+)|\[|\])|([A-Za-z'"][A-Za-z0-9*'"]*))/y
  while (token.lastIndex < end) {
    const at = token.lastIndex
    const match = token.exec(content)
    // Only what ends before `end` is in force there.
    if (!match || token.lastIndex > end) {
      if (/^\s*$/.test(content.slice(at, end))) break
      return undefined
    }
    if (match[1] !== undefined || match[2] !== undefined) {
      // A dictionary (the properties of marked content) or a string, read to its end: one operand.
      const open = token.lastIndex - (match[1] ?? match[2])!.length
      const close = match[1] !== undefined ? skipDictionary(content, open) : skipString(content, open)
      if (close < 0) return undefined
      operands.push(content.slice(open, close))
      token.lastIndex = close
      continue
    }
    if (match[3] !== undefined) {
      operands.push(match[3])
      continue
    }
    const operator = match[4]
    if (operator === undefined) continue
    const line = [...operands, operator].join(' ')
    const level = levels.at(-1)!
    if (operator === 'q') levels.push({operators: [], resources: []})
    else if (operator === 'Q') {
      if (levels.length === 1) return undefined
      levels.pop()
    } else if (stateOperators.has(operator)) {
      level.operators.push(line)
      if (operator === 'gs') level.resources.push({category: 'ExtGState', name: operands[0]!.slice(1)})
      if ((operator === 'cs' || operator === 'CS') && !deviceSpaces.has(operands[0]!))
        level.resources.push({category: 'ColorSpace', name: operands[0]!.slice(1)})
      // A colour by name is a pattern: not drawn here.
      if ((operator === 'scn' || operator === 'SCN') && operands.some((operand) => operand.startsWith('/')))
        return undefined
    } else if (pathOperators.has(operator)) path.push(line)
    else if (operator === 'W' || operator === 'W*') clip = operator
    else if (paintOperators.has(operator)) {
      if (clip) level.operators.push(...path, `${clip} n`)
      path = []
      clip = undefined
    } else if (operator === 'BI' || operator === 'ID' || operator === 'EI') return undefined
    operands = []
  }
  return {
    operators: levels.flatMap((level) => level.operators),
    resources: levels.flatMap((level) => level.resources)
  }
}

const stateOperators = new Set([
  'cm',
  'w',
  'J',
  'j',
  'M',
  'd',
  'ri',
  'i',
  'gs',
  'CS',
  'cs',
  'SC',
  'SCN',
  'sc',
  'scn',
  'G',
  'g',
  'RG',
  'rg',
  'K',
  'k',
  'Tc',
  'Tw',
  'Tz',
  'TL',
  'Ts',
  'Tr'
])
const pathOperators = new Set(['m', 'l', 'c', 'v', 'y', 'h', 're'])
const paintOperators = new Set(['n', 'S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*'])
const deviceSpaces = new Set(['/DeviceGray', '/DeviceRGB', '/DeviceCMYK'])

/** From `<<`, past its matching `>>`; -1 when it has none. */
function skipDictionary(content: string, start: number): number {
  let depth = 0
  for (let at = start; at < content.length; at++) {
    const character = content[at]
    if (character === '(') {
      at = skipString(content, at) - 1
      if (at < 0) return -1
    } else if (character === '<' && content[at + 1] === '<') {
      depth++
      at++
    } else if (character === '>' && content[at + 1] === '>') {
      at++
      if (--depth === 0) return at + 1
    }
  }
  return -1
}

/** From `(`, past its matching `)`: strings nest, and a backslash escapes the next character. -1 when it has no end. */
function skipString(content: string, start: number): number {
  let depth = 0
  for (let at = start; at < content.length; at++) {
    const character = content[at]
    if (character === '\\') at++
    else if (character === '(') depth++
    else if (character === ')' && --depth === 0) return at + 1
  }
  return -1
}
