/** A line that front matter holds at its left margin: a key (a name, as every known key is), a list item, a comment, a blank, or an indented line. */
const yamlLine = /^(?:$|[ \t]|#|- |-$|[A-Za-z_][\w-]*:(?:[ \t]|$)|["'][\w -]*["']:(?:[ \t]|$))/
/** A comment that reads as a Markdown heading rather than a commented-out key (`# subtitle: …`). */
const headingLike = /^#{1,6}\s+(?![\w-]+\s*:)\S/

export interface MatterEnd {
  /** 1-based line of the last line of YAML, after which the closing `---` belongs. */
  lastYamlLine: number
  /** 1-based line of the first line that is Markdown, not YAML. */
  markdownLine: number
}

/**
 * Where front matter whose closing `---` is missing ends: the first line at
 * the left margin that YAML cannot hold (a paragraph of the body) or a
 * Markdown heading after a blank line, less the blank lines and headings before it. Undefined when every line up
 * to `closeLine` (1-based, exclusive; the end of the text by default) could be
 * YAML.
 */
export function findMatterEnd(text: string, closeLine?: number): MatterEnd | undefined {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''))
  const end = closeLine === undefined ? lines.length : closeLine - 1
  for (let index = 1; index < end; index++) {
    // A Markdown heading after a blank line starts the body, though YAML would take it for a comment.
    const heading = headingLike.test(lines[index]!) && lines[index - 1]!.trim() === ''
    if (!heading && yamlLine.test(lines[index]!)) continue
    let last = index - 1
    while (last > 0 && (lines[last]!.trim() === '' || headingLike.test(lines[last]!))) last--
    return {lastYamlLine: last + 1, markdownLine: index + 1}
  }
  return undefined
}
