/** An operator of up to three characters as a number, so that none is made a string. */
const op = (name: string) =>
  [...name].reduce((code, character, index) => code | (character.charCodeAt(0) << (8 * index)), 0)
/** Operators that paint: left out of a marked-content sequence that is dropped. */
const showing = new Set(['Tj', 'TJ', 'Do', 'sh'].map(op))
/** Path painting ends the path without painting (`n`), so that a clip set with it still holds. */
const painting = new Set(['f', 'F', 'f*', 'S', 's', 'B', 'B*', 'b', 'b*'].map(op))
/** `'` and `"` move to the next line as they show text: only the move is kept. */
const nextLine = new Set(["'", '"'].map(op))
const [BDC, BMC, EMC, BI] = ['BDC', 'BMC', 'EMC', 'BI'].map(op)

/** Kinds of byte: white space, delimiters, the rest. */
const SPACE = 1
const DELIMITER = 2
const kinds = new Uint8Array(256)
for (const code of [0x20, 0x0a, 0x0d, 0x09, 0x0c, 0x00]) kinds[code] = SPACE
for (const character of '()<>[]{}/%') kinds[character.charCodeAt(0)] = DELIMITER

const encoder = new TextEncoder()
const endPath = encoder.encode(' n')
const moveToNextLine = encoder.encode(' T*')

/** What an operator does to the filter, as recorded in `MarkedOps`. */
const OPEN = 1
const OPEN_MCID = 2
const CLOSE = 3
const IMAGE = 4
const SHOW = 5
const PAINT = 6
const NEXT_LINE = 7
/** Numbers per recorded operator: where its operands start, where it ends, what it does, its MCID. */
const STRIDE = 4

/**
 * The operators of a content stream that matter to `filterMarkedContent`,
 * read once: a page shared by two parts is filtered twice, each time
 * without reading its bytes again. Each is four numbers: where its operands
 * start, where the operator ends, what it does, and for a `BDC`, its MCID
 * (or -1).
 */
export interface MarkedOps {
  ops: Int32Array
  count: number
}

/** Reads the operators of a content stream that open, close or paint marked content. */
export function markedContentOps(content: Uint8Array): MarkedOps {
  let ops = new Int32Array(1024 * STRIDE)
  let count = 0
  const record = (from: number, to: number, kind: number, mcid: number) => {
    if ((count + 1) * STRIDE > ops.length) {
      const grown = new Int32Array(ops.length * 2)
      grown.set(ops)
      ops = grown
    }
    const at = count++ * STRIDE
    ops[at] = from
    ops[at + 1] = to
    ops[at + 2] = kind
    ops[at + 3] = mcid
  }
  /** Where the current operator's operands start. */
  let operandsAt = 0
  /** Where the last dictionary operand was, for a BDC's MCID. */
  let dictFrom = -1
  let dictTo = -1
  const length = content.length
  let at = 0
  while (at < length) {
    const code = content[at]!
    const kind = kinds[code]
    if (kind === SPACE) {
      at++
    } else if (kind === DELIMITER) {
      if (code === 0x25) {
        while (at < length && content[at] !== 0x0a && content[at] !== 0x0d) at++
      } else if (code === 0x28) {
        at = skipString(content, at)
      } else if (code === 0x3c && content[at + 1] === 0x3c) {
        dictFrom = at
        at = dictTo = skipDict(content, at)
      } else if (code === 0x3c) {
        at = content.indexOf(0x3e, at) + 1 || length
      } else if (code === 0x2f) {
        at++
        while (at < length && kinds[content[at]!] === 0) at++
      } else {
        at++
      }
    } else {
      const start = at
      while (at < length && kinds[content[at]!] === 0) at++
      // Numbers, most of a page's tokens, are passed over as they are.
      if ((code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2b || code === 0x2e) continue
      const size = at - start
      const word =
        size > 3
          ? 0
          : code | (size > 1 ? content[start + 1]! << 8 : 0) | (size > 2 ? content[start + 2]! << 16 : 0)
      // An operator: its operands run from `operandsAt` to here.
      if (word === BDC) {
        const mcid = dictTo > operandsAt ? mcidIn(content, dictFrom, dictTo) : undefined
        record(operandsAt, at, mcid === undefined ? OPEN : OPEN_MCID, mcid ?? -1)
      } else if (word === BMC) {
        record(operandsAt, at, OPEN, -1)
      } else if (word === EMC) {
        record(operandsAt, at, CLOSE, -1)
      } else if (word === BI) {
        // An inline image runs to `EI`: its data is not PDF syntax.
        const data = indexOfText(content, 'ID', at)
        const end = data < 0 ? -1 : indexOfText(content, 'EI', data + 3)
        at = end < 0 ? length : end + 2
        record(operandsAt, at, IMAGE, -1)
      } else if (showing.has(word)) {
        record(operandsAt, at, SHOW, -1)
      } else if (painting.has(word)) {
        record(operandsAt, at, PAINT, -1)
      } else if (nextLine.has(word)) {
        record(operandsAt, at, NEXT_LINE, -1)
      }
      operandsAt = at
    }
  }
  return {ops, count}
}

/**
 * A page's content stream without what the marked-content sequences that
 * `keep` refuses paint: their text, images and paths. What sets the graphics
 * state (`q`, `Q`, `cm`, clips, fonts, text positions) stays, so that what
 * follows is drawn where it was. Content outside any sequence with an MCID
 * (running heads, page numbers, backgrounds) stays too. Returns undefined
 * when nothing is left out. Works on the stream's bytes: a page of text is
 * some hundred kB of operators, one per glyph. `read` is the stream's
 * operators, when already read.
 */
export function filterMarkedContent(
  content: Uint8Array,
  keep: (mcid: number) => boolean,
  read: MarkedOps = markedContentOps(content)
): Uint8Array | undefined {
  const {ops, count} = read
  const out = new Uint8Array(content.length + 64)
  let written = 0
  /** Where the bytes not yet copied start. */
  let copiedTo = 0
  let depth = 0
  /** The depth at which the sequence being dropped opened, or -1. */
  let droppedAt = -1
  let changed = false
  const cut = (from: number, to: number, instead?: Uint8Array) => {
    out.set(content.subarray(copiedTo, from), written)
    written += from - copiedTo
    if (instead) {
      out.set(instead, written)
      written += instead.length
    }
    copiedTo = to
    changed = true
  }
  for (let index = 0; index < count; index++) {
    const at = index * STRIDE
    const from = ops[at]!
    const to = ops[at + 1]!
    const kind = ops[at + 2]!
    if (kind === OPEN || kind === OPEN_MCID) {
      if (droppedAt >= 0) {
        cut(from, to)
      } else if (kind === OPEN_MCID && !keep(ops[at + 3]!)) {
        droppedAt = depth
        cut(from, to)
      }
      depth++
    } else if (kind === CLOSE) {
      depth--
      if (droppedAt >= 0) {
        cut(from, to)
        if (depth === droppedAt) droppedAt = -1
      }
    } else if (droppedAt >= 0) {
      if (kind === PAINT) cut(from, to, endPath)
      else if (kind === NEXT_LINE) cut(from, to, moveToNextLine)
      else cut(from, to)
    }
  }
  if (!changed) return undefined
  out.set(content.subarray(copiedTo), written)
  written += content.length - copiedTo
  return out.subarray(0, written)
}

/** The MCID of a marked-content property list, `<< /MCID 12 >>`. */
function mcidIn(content: Uint8Array, from: number, to: number): number | undefined {
  let key = from
  while (key < to && !startsWithMcid(content, key)) key++
  if (key >= to) return undefined
  let at = key + 5
  while (kinds[content[at]!] === SPACE) at++
  let value = 0
  let digits = 0
  for (; content[at]! >= 0x30 && content[at]! <= 0x39; at++, digits++)
    value = value * 10 + content[at]! - 0x30
  return digits ? value : undefined
}

const mcidKey = encoder.encode('/MCID')

function startsWithMcid(content: Uint8Array, at: number): boolean {
  for (let index = 0; index < mcidKey.length; index++)
    if (content[at + index] !== mcidKey[index]) return false
  return true
}

function indexOfText(content: Uint8Array, text: string, from: number): number {
  return Buffer.from(content.buffer, content.byteOffset, content.byteLength).indexOf(text, from, 'latin1')
}

/** Past a literal string `( … )`: balanced parentheses, backslash escapes. */
function skipString(content: Uint8Array, at: number): number {
  let nesting = 0
  for (; at < content.length; at++) {
    const code = content[at]
    if (code === 0x5c) at++
    else if (code === 0x28) nesting++
    else if (code === 0x29 && --nesting === 0) return at + 1
  }
  return at
}

/** Past a dictionary `<< … >>`, with the strings and dictionaries in it. */
function skipDict(content: Uint8Array, at: number): number {
  let nesting = 0
  while (at < content.length) {
    const code = content[at]
    if (code === 0x28) {
      at = skipString(content, at)
    } else if (code === 0x3c && content[at + 1] === 0x3c) {
      nesting++
      at += 2
    } else if (code === 0x3e && content[at + 1] === 0x3e) {
      at += 2
      if (--nesting === 0) return at
    } else {
      at++
    }
  }
  return at
}
