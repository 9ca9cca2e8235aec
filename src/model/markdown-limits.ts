/**
 * Limits on how much structure one file's Markdown may hold. Markdown's
 * parser takes time that grows faster than the text for some shapes (setext
 * headings, list items, footnote and link definitions, table cells), and
 * renderers recurse once per level of raw HTML: a file far under the size
 * limit could take minutes and gigabytes, or exhaust the stack. Real
 * contributions stay far below each limit.
 */
export const markdownLimits = {
  /** Columns of indentation before a line's text. */
  indent: 160,
  /** Levels of `>` quoting. */
  quoteDepth: 40,
  headings: 1000,
  listItems: 2000,
  tableCells: 20_000,
  footnoteReferences: 2000,
  /** Footnote and link reference definitions, counted together. */
  definitions: 2000,
  /** Raw HTML elements open at once. */
  htmlDepth: 256,
  /**
   * Characters that may open inline markup (`[`, `*`, `_`, a backtick, `<`) in one paragraph: the parser
   * matches openers with closers across the whole paragraph, in time that grows with their square.
   */
  paragraphMarks: 5000
} as const

/** What a file holds too much of: the message's parts, and the 1-based line of the body where the limit was passed. */
export interface Excess {
  line: number
  ruleId: string
  reason: string
  note: string
}

const splitNote = 'Split the text into several contributions, or link to the full document.'

/** HTML elements that never hold others, or that the next one of their kind closes: they add no depth. */
const flatElements = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
  'p',
  'li',
  'dt',
  'dd',
  'tr',
  'td',
  'th',
  'option',
  'optgroup',
  'rb',
  'rt',
  'rp',
  'thead',
  'tbody',
  'tfoot',
  'colgroup'
])

/**
 * Finds the first limit a Markdown body passes, in one cheap pass over its
 * lines: counts are taken from the characters that open each construct, so
 * they may count a little more than the parser would find (a `---` rule
 * counts as a heading underline), never less.
 */
export function findExcess(text: string): Excess | undefined {
  // A lone CR ends a line too: one line each, as an editor counts them.
  const body = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text
  let headings = 0
  let listItems = 0
  let cells = 0
  let definitions = 0
  let marks = 0
  let dense: Excess | undefined
  let line = 0
  let start = 0
  while (start <= body.length) {
    let end = body.indexOf('\n', start)
    if (end === -1) end = body.length
    line++
    // The quote markers, list markers and indentation that open the line, then its first character of text.
    let at = start
    let quotes = 0
    let columns = 0
    for (; at < end; at++) {
      const code = body.charCodeAt(at)
      if (code === 0x3e /* > */) quotes++
      else if (code !== 0x20 && code !== 0x09) break
      columns += code === 0x09 ? 4 : 1
    }
    if (columns > markdownLimits.indent || quotes > markdownLimits.quoteDepth) {
      return {
        line,
        ruleId: 'markdown-too-deep',
        reason: `Markdown nested too deeply, expected at most ${markdownLimits.indent} columns of indentation or ${markdownLimits.quoteDepth} quote levels`,
        note: 'Nest lists and quotes a few levels at most.'
      }
    }
    const first = body.charCodeAt(at)
    if (first === 0x23 /* # */ || first === 0x3d /* = */ || first === 0x2d /* - */) {
      if (/^(?:#{1,6}(?:[ \t]|$)|=+[ \t]*$|-+[ \t]*$)/.test(body.slice(at, end))) headings++
    }
    if (
      first === 0x2d ||
      first === 0x2a /* * */ ||
      first === 0x2b /* + */ ||
      (first >= 0x30 && first <= 0x39)
    ) {
      if (/^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/.test(body.slice(at, Math.min(end, at + 11)))) listItems++
    }
    if (first === 0x5b /* [ */ && /^\[[^\]]+\]:/.test(body.slice(at, Math.min(end, at + 1000)))) definitions++
    // Inline markup is matched within a paragraph: a blank line, a heading, a list item or a table row starts another.
    if (
      at === end ||
      first === 0x23 ||
      first === 0x2d ||
      first === 0x2a ||
      first === 0x2b ||
      (first >= 0x30 && first <= 0x39)
    )
      marks = 0
    for (let index = at; index < end; index++) {
      const code = body.charCodeAt(index)
      if (code === 0x5b || code === 0x2a || code === 0x5f || code === 0x60 || code === 0x3c) marks++
      else if (code === 0x7c /* | */) marks = 0
    }
    if (marks > markdownLimits.paragraphMarks && !dense) {
      dense = {
        line,
        ruleId: 'paragraph-too-dense',
        reason: `Too much inline markup in one paragraph, expected at most ${markdownLimits.paragraphMarks} of \`[\`, \`*\`, \`_\`, \`<\` and backticks`,
        note: 'Break the paragraph with blank lines, or link to the full document.'
      }
    }
    let pipe = body.indexOf('|', at)
    while (pipe !== -1 && pipe < end) {
      cells++
      pipe = body.indexOf('|', pipe + 1)
    }
    const excess =
      headings > markdownLimits.headings
        ? {what: 'headings', limit: markdownLimits.headings, ruleId: 'too-many-headings'}
        : listItems > markdownLimits.listItems
          ? {what: 'list items', limit: markdownLimits.listItems, ruleId: 'too-many-list-items'}
          : cells > markdownLimits.tableCells
            ? {
                what: 'table cells (counted by `|`)',
                limit: markdownLimits.tableCells,
                ruleId: 'too-many-table-cells'
              }
            : definitions > markdownLimits.definitions
              ? {
                  what: 'footnote and link definitions',
                  limit: markdownLimits.definitions,
                  ruleId: 'too-many-definitions'
                }
              : undefined
    if (excess) {
      return {
        line,
        ruleId: excess.ruleId,
        reason: `Too many ${excess.what} in one file, expected at most ${excess.limit}`,
        note: splitNote
      }
    }
    start = end + 1
  }
  // Counted in the same pass, but reported after the other limits, whose messages say more.
  return findTooManyFootnoteReferences(body) ?? findDeepHtml(body) ?? dense
}

function findTooManyFootnoteReferences(body: string): Excess | undefined {
  let count = 0
  for (let at = body.indexOf('[^'); at !== -1; at = body.indexOf('[^', at + 2)) {
    if (++count > markdownLimits.footnoteReferences) {
      return {
        line: lineAt(body, at),
        ruleId: 'too-many-footnote-references',
        reason: `Too many footnote references in one file, expected at most ${markdownLimits.footnoteReferences}`,
        note: splitNote
      }
    }
  }
  return undefined
}

/** Raw HTML nested deeper than the limit: counts tags that open an element and tags that close one. */
function findDeepHtml(body: string): Excess | undefined {
  if (!body.includes('<')) return undefined
  let depth = 0
  for (const match of body.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*?(\/?)>/g)) {
    if (match[3] || flatElements.has(match[2]!.toLowerCase())) continue
    if (match[1]) {
      depth = Math.max(0, depth - 1)
    } else if (++depth > markdownLimits.htmlDepth) {
      return {
        line: lineAt(body, match.index),
        ruleId: 'html-too-deep',
        reason: `Raw HTML nested too deeply, expected at most ${markdownLimits.htmlDepth} elements open at once`,
        note: 'Close each HTML element you open, or write the structure in Markdown.'
      }
    }
  }
  return undefined
}

function lineAt(body: string, offset: number): number {
  let line = 1
  for (let at = body.indexOf('\n'); at !== -1 && at < offset; at = body.indexOf('\n', at + 1)) line++
  return line
}
