import {fail, type VFile} from './content-file.js'
import {findMatterEnd} from './matter-end.js'

/**
 * The front-matter mistakes editors make every day, each said in their words
 * with the fix: a `---` that never closes, and a value with an unquoted `:`.
 */

/** Front matter with no closing `---`: where it belongs, after the last key and before the Markdown. */
export function reportUnclosed(file: VFile, text: string, ruleLine?: number) {
  const end = findMatterEnd(text, ruleLine)
  const taken = ruleLine
    ? `; the \`---\` on line ${ruleLine} is a rule in the text, not the end of the front matter`
    : ''
  if (!end) {
    fail(
      file,
      'Unclosed front matter: the `---` on line 1 opens it, and no `---` line closes it',
      'front-matter-unclosed',
      {line: 1, column: 1},
      'Add a line `---` after the last key.'
    )
    return
  }
  fail(
    file,
    `Unclosed front matter: the \`---\` on line 1 opens it, and no \`---\` line closes it before the text on line ${end.markdownLine}${taken}`,
    'front-matter-unclosed',
    {line: end.lastYamlLine + 1, column: 1},
    `Add a line \`---\` after line ${end.lastYamlLine}, the end of the front matter.`
  )
}

/**
 * A value with `: ` in it, unquoted, reads in YAML as a mapping where a
 * value should be: the message says to quote the value, with the line fixed.
 * False when the line holds no such value (an indentation error).
 */
export function reportUnquotedColon(
  file: VFile,
  text: string,
  place: {line: number; column: number}
): boolean {
  const line = text.split('\n')[place.line - 1]?.replace(/\r$/, '') ?? ''
  const before = line.slice(0, place.column - 1)
  const key = /([\w-]+):\s*$/.exec(before)?.[1]
  const [, value = '', comment = ''] = /^(.*?)(\s+#.*)?$/.exec(line.slice(place.column - 1)) ?? []
  if (!key || !/:(?:\s|$)/.test(value)) return false
  const quoted = /["\\]/.test(value) ? `'${value.replace(/'/g, "''")}'` : `"${value}"`
  fail(
    file,
    `Unquoted \`:\` in the value of \`${key}\`: YAML reads the text before it as another key, expected the value in quotes`,
    'yaml-unquoted-colon',
    place,
    `Put the value in quotes: \`${before}${quoted}${comment}\``
  )
  return true
}
