import {createHash} from 'node:crypto'
import type {VFile} from '../content/content-file.js'

/**
 * The version of what a translation translates: the first 12 hexadecimal
 * digits of the SHA-256 of the original's title, abstract and Markdown body,
 * with line endings and trailing spaces evened out. A translation records the
 * version it was made from (`original-version`, written by `proceedings
 * translate`); an edit of any of the three makes it out of date, while an edit
 * of other front matter (its order, its questions) does not. No version
 * control is needed: the files alone say it.
 */
export function versionOf(file: VFile, title: string, abstract?: string): string {
  const body = (file.data.body ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .trim()
  return createHash('sha256')
    .update(`${title.trim()}\n${abstract?.trim() ?? ''}\n${body}`)
    .digest('hex')
    .slice(0, 12)
}
