import {warn, type VFile} from './content-file.js'

/** The word `init`, `new` and `import` write where the editor has text to fill in (`TODO: forum title`). */
const placeholder = /\bTODO\b/

/**
 * Warns of every line that still holds a placeholder, so that none reaches a
 * published volume unnoticed (`--strict` makes them errors). Comment lines
 * of the front matter are not published and are left alone.
 */
export function warnPlaceholders(file: VFile) {
  const text = String(file.value)
  if (!text.includes('TODO')) return
  const lines = text.split('\n')
  const matterEnd = /^---/.test(text)
    ? lines.findIndex((line, index) => index > 0 && /^---[ \t]*\r?$/.test(line))
    : -1
  lines.forEach((line, index) => {
    const inMatter = index <= matterEnd
    const match = placeholder.exec(inMatter ? line.replace(/(?:^|\s)#.*$/, '') : line)
    if (!match || (inMatter && /^\s*#/.test(line))) return
    const shown = line
      .slice(match.index)
      .replace(/["'\s]*(?:#.*)?$/, '')
      .slice(0, 60)
    warn(
      file,
      `Placeholder \`${shown}\` left in the text, expected the real text`,
      'placeholder',
      {line: index + 1, column: match.index + 1},
      'Replace it before publishing: `--strict` makes placeholders errors.'
    )
  })
}
