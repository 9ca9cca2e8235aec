/** Operators that paint: left out of a marked-content sequence that is dropped. */
const showing = new Set(['Tj', 'TJ', 'Do', 'sh'])
/** Path painting ends the path without painting (`n`), so that a clip set with it still holds. */
const painting = new Set(['f', 'F', 'f*', 'S', 's', 'B', 'B*', 'b', 'b*'])
/** `'` and `"` move to the next line as they show text: only the move is kept. */
const nextLine = new Set(["'", '"'])

const isSpace = (code: number) =>
  code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0x0c || code === 0x00
const isDelimiter = (code: number) =>
  code === 0x28 ||
  code === 0x29 ||
  code === 0x3c ||
  code === 0x3e ||
  code === 0x5b ||
  code === 0x5d ||
  code === 0x7b ||
  code === 0x7d ||
  code === 0x2f ||
  code === 0x25

/**
 * A page's content stream without what the marked-content sequences that
 * `keep` refuses paint: their text, images and paths. What sets the graphics
 * state (`q`, `Q`, `cm`, clips, fonts, text positions) stays, so that what
 * follows is drawn where it was. Content outside any sequence with an MCID
 * (running heads, page numbers, backgrounds) stays too. Returns undefined
 * when nothing is left out.
 */
export function filterMarkedContent(content: string, keep: (mcid: number) => boolean): string | undefined {
  const kept: string[] = []
  /** Where the text not yet copied starts, and where the current operator's operands start. */
  let copiedTo = 0
  let operandsAt = 0
  let depth = 0
  /** The depth at which the sequence being dropped opened, or -1. */
  let droppedAt = -1
  let changed = false
  let lastDict = ''
  const length = content.length
  let at = 0
  const cut = (from: number, to: number, instead = '') => {
    kept.push(content.slice(copiedTo, from), instead)
    copiedTo = to
    changed = true
  }
  while (at < length) {
    const code = content.charCodeAt(at)
    if (isSpace(code)) {
      at++
    } else if (code === 0x25) {
      while (at < length && content.charCodeAt(at) !== 0x0a && content.charCodeAt(at) !== 0x0d) at++
    } else if (code === 0x28) {
      at = skipString(content, at)
    } else if (code === 0x3c && content.charCodeAt(at + 1) === 0x3c) {
      const end = skipDict(content, at)
      lastDict = content.slice(at, end)
      at = end
    } else if (code === 0x3c) {
      at = content.indexOf('>', at) + 1 || length
    } else if (code === 0x2f) {
      at++
      while (at < length && !isSpace(content.charCodeAt(at)) && !isDelimiter(content.charCodeAt(at))) at++
    } else if (
      code === 0x5b ||
      code === 0x5d ||
      code === 0x3e ||
      code === 0x7b ||
      code === 0x7d ||
      code === 0x29
    ) {
      at++
    } else {
      const start = at
      while (at < length && !isSpace(content.charCodeAt(at)) && !isDelimiter(content.charCodeAt(at))) at++
      const word = content.slice(start, at)
      const first = word.charCodeAt(0)
      const numeric = (first >= 0x30 && first <= 0x39) || first === 0x2d || first === 0x2b || first === 0x2e
      if (numeric || word === 'true' || word === 'false' || word === 'null') continue
      // An operator: its operands run from `operandsAt` to here.
      if (word === 'BDC' || word === 'BMC') {
        if (droppedAt >= 0) {
          cut(operandsAt, at)
        } else if (word === 'BDC') {
          const mcid = /\/MCID\s+(\d+)/.exec(lastDict)
          if (mcid && !keep(Number(mcid[1]))) {
            droppedAt = depth
            cut(operandsAt, at)
          }
        }
        depth++
      } else if (word === 'EMC') {
        depth--
        if (droppedAt >= 0) {
          cut(operandsAt, at)
          if (depth === droppedAt) droppedAt = -1
        }
      } else if (word === 'BI') {
        // An inline image runs to `EI`: its data is not PDF syntax.
        const data = content.indexOf('ID', at)
        const end = data < 0 ? -1 : content.indexOf('EI', data + 3)
        at = end < 0 ? length : end + 2
        if (droppedAt >= 0) cut(operandsAt, at)
      } else if (droppedAt >= 0) {
        if (showing.has(word)) cut(operandsAt, at)
        else if (painting.has(word)) cut(operandsAt, at, ' n')
        else if (nextLine.has(word)) cut(operandsAt, at, ' T*')
      }
      lastDict = ''
      operandsAt = at
    }
  }
  if (!changed) return undefined
  kept.push(content.slice(copiedTo))
  return kept.join('')
}

/** Past a literal string `( … )`: balanced parentheses, backslash escapes. */
function skipString(content: string, at: number): number {
  let nesting = 0
  for (; at < content.length; at++) {
    const code = content.charCodeAt(at)
    if (code === 0x5c) at++
    else if (code === 0x28) nesting++
    else if (code === 0x29 && --nesting === 0) return at + 1
  }
  return at
}

/** Past a dictionary `<< … >>`, with the strings and dictionaries in it. */
function skipDict(content: string, at: number): number {
  let nesting = 0
  while (at < content.length) {
    const code = content.charCodeAt(at)
    if (code === 0x28) {
      at = skipString(content, at)
    } else if (code === 0x3c && content.charCodeAt(at + 1) === 0x3c) {
      nesting++
      at += 2
    } else if (code === 0x3e && content.charCodeAt(at + 1) === 0x3e) {
      at += 2
      if (--nesting === 0) return at
    } else {
      at++
    }
  }
  return at
}
