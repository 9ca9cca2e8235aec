/**
 * Reads the YAML that front matter is nearly always written in, several
 * times faster than a full YAML parser: keys at the left margin with a value
 * on their line (a plain, quoted or `[flow, list]` scalar), or a block below
 * them of `- item` lines, of `- key: value` maps, or of `key: value` lines.
 * Values are resolved as YAML 1.2's core schema resolves them.
 *
 * Anything else (anchors, block scalars, escapes, values continued on the
 * next line, comments after a value, tabs, carriage returns, duplicate
 * keys, numbers other than plain integers…) gives `undefined`, and the full
 * parser reads the text instead: it alone reports problems, and it alone
 * records where each value stands, which is parsed again when a message
 * needs a position.
 */
export function readSimpleYaml(source: string): Record<string, unknown> | undefined {
  if (unusual.test(source)) return undefined
  const lines = source.split('\n')
  const data: Record<string, unknown> = {}
  let index = 0
  const skipBlank = () => {
    while (index < lines.length && isBlank(lines[index]!)) index++
  }
  for (skipBlank(); index < lines.length; skipBlank()) {
    const pair = readPair(lines[index]!, 0)
    if (!pair || Object.hasOwn(data, pair.key)) return undefined
    index++
    let value: unknown
    if (pair.rest !== undefined) {
      value = readInline(pair.rest, false)
      skipBlank()
      // A value continued on the next lines.
      if (index < lines.length && lines[index]!.startsWith(' ')) return undefined
    } else {
      const block = readBlock(lines, index)
      if (!block) return undefined
      value = block.value
      index = block.next
    }
    if (value === undefined) return undefined
    data[pair.key] = value
  }
  return data
}

/** Tabs, carriage returns, control characters, surrogates, byte order marks: the full parser judges them. */
// eslint-disable-next-line no-control-regex
const unusual = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]/
const keyPattern = /^([A-Za-z_][\w-]*):(?: +(.*))?$/
/** The plain words the core schema reads as null, true and false. */
const nullWord = /^(?:~|[Nn]ull|NULL)$/
const trueWord = /^(?:[Tt]rue|TRUE)$/
const falseWord = /^(?:[Ff]alse|FALSE)$/

/** `key: rest` at exactly `indent` spaces; `rest` is undefined when nothing follows the colon. */
function readPair(line: string, indent: number): {key: string; rest: string | undefined} | undefined {
  if (indentOf(line) !== indent) return undefined
  const match = keyPattern.exec(line.slice(indent))
  const key = match?.[1]
  // Keys the core schema reads as something other than a string.
  if (!key || nullWord.test(key) || trueWord.test(key) || falseWord.test(key) || key === '__proto__')
    return undefined
  const rest = match[2]?.trimEnd()
  return {key, rest: rest === '' ? undefined : rest}
}

/** Adds the `key: value` of `line`, at exactly `indent` spaces, to `map`; false when the line is not one (or repeats a key). */
function readPairInto(map: Record<string, unknown>, line: string, indent: number): boolean {
  const pair = readPair(line, indent)
  if (!pair || pair.rest === undefined || Object.hasOwn(map, pair.key)) return false
  const value = readInline(pair.rest, false)
  if (value === undefined) return false
  map[pair.key] = value
  return true
}

/**
 * The block under a key that has no value on its line: a list (`- ` lines,
 * at the key's margin or indented), a map of `key: value` lines, or nothing
 * (null). Returns the value and the first line after the block.
 */
function readBlock(lines: string[], start: number): {value: unknown; next: number} | undefined {
  let index = start
  while (index < lines.length && isBlank(lines[index]!)) index++
  const first = lines[index]
  if (first === undefined || (indentOf(first) === 0 && !first.startsWith('- ')))
    return {value: null, next: index}
  const indent = indentOf(first)
  const inBlock = (line: string) =>
    isBlank(line) ||
    indentOf(line) > indent ||
    (indentOf(line) === indent && (line.startsWith('- ', indent) || indent > 0))
  if (!first.startsWith('- ', indent)) {
    const map: Record<string, unknown> = {}
    for (; index < lines.length && inBlock(lines[index]!); index++) {
      const line = lines[index]!
      if (!isBlank(line) && !readPairInto(map, line, indent)) return undefined
    }
    return {value: map, next: index}
  }
  const list: unknown[] = []
  let item: Record<string, unknown> | undefined
  for (; index < lines.length && inBlock(lines[index]!); index++) {
    const line = lines[index]!
    if (isBlank(line)) continue
    if (line.startsWith('- ', indent) && indentOf(line) === indent) {
      const content = line.slice(indent + 2)
      if (content.startsWith(' ')) return undefined
      if (readPair(content, 0)) {
        // `- key: value`: a map whose other keys are aligned under the first.
        item = {}
        if (!readPairInto(item, content, 0)) return undefined
        list.push(item)
      } else {
        const value = readInline(content.trimEnd(), false)
        if (value === undefined) return undefined
        item = undefined
        list.push(value)
      }
      continue
    }
    if (!item || !readPairInto(item, line, indent + 2)) return undefined
  }
  return {value: list, next: index}
}

/** A value on one line: `[a, b]`, a quoted string, or a plain scalar. */
function readInline(text: string, inFlow: boolean): unknown {
  if (text.startsWith('[')) return inFlow ? undefined : readFlowList(text)
  if (text.startsWith("'")) return readSingleQuoted(text)
  if (text.startsWith('"')) return readDoubleQuoted(text)
  return readPlain(text, inFlow)
}

function readFlowList(text: string): unknown[] | undefined {
  if (!text.endsWith(']')) return undefined
  const inner = text.slice(1, -1).trim()
  if (inner === '') return []
  const items: unknown[] = []
  for (const part of inner.split(',')) {
    const value = readInline(part.trim(), true)
    if (value === undefined) return undefined
    items.push(value)
  }
  return items
}

function readSingleQuoted(text: string): string | undefined {
  if (text.length < 2 || !text.endsWith("'")) return undefined
  const inner = text.slice(1, -1)
  // Quotes inside come in pairs, each pair one quote.
  if (/'/.test(inner.replace(/''/g, ''))) return undefined
  return inner.replace(/''/g, "'")
}

function readDoubleQuoted(text: string): string | undefined {
  if (text.length < 2 || !text.endsWith('"')) return undefined
  const inner = text.slice(1, -1)
  return /["\\]/.test(inner) ? undefined : inner
}

/** Characters a plain scalar cannot start with (YAML's indicators). */
const indicator = /^[-?:,[\]{}#&*!|>'"%@`]/
const numberLike =
  /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/

function readPlain(text: string, inFlow: boolean): unknown {
  if (text === '') return undefined
  if (/: |:$| #/.test(text) || (inFlow && /[[\]{},]/.test(text))) return undefined
  if (/^[-+]?[0-9]+$/.test(text)) {
    const value = Number.parseInt(text, 10)
    return Number.isSafeInteger(value) ? value : undefined
  }
  // Floats, octal and hexadecimal numbers, infinities: the full parser reads them.
  if (numberLike.test(text)) return undefined
  if (indicator.test(text)) return undefined
  if (nullWord.test(text)) return null
  if (trueWord.test(text)) return true
  if (falseWord.test(text)) return false
  return text
}

function isBlank(line: string): boolean {
  return /^ *(?:#.*)?$/.test(line)
}

function indentOf(line: string): number {
  let spaces = 0
  while (line.charCodeAt(spaces) === 32) spaces++
  return spaces
}
