import type {z} from 'zod'
import {fail, type VFile} from './content-file.js'
import {warnPlaceholders} from './find-placeholders.js'
import {parseFrontMatter} from './parse-front-matter.js'
import {validateMatter} from './validate-matter.js'

const hasErrors = (file: VFile) => file.messages.some((message) => message.fatal)

/**
 * Splits a file into front matter and body and validates the front matter.
 * Returns the typed front matter, or undefined after adding messages: an
 * empty file, a file with no front matter, or front matter that does not fit.
 */
export function readMatter<Schema extends z.ZodObject>(
  file: VFile,
  schema: Schema
): z.output<Schema> | undefined {
  if (hasErrors(file)) return undefined
  if (String(file.value).trim() === '') {
    fail(
      file,
      'Empty file, expected front matter and Markdown',
      'empty-file',
      {line: 1, column: 1},
      'Add a `---` block with at least a `title:`, or delete the file.'
    )
    return undefined
  }
  if (!parseFrontMatter(file)) {
    if (!hasErrors(file)) {
      const required = Object.entries(schema.shape)
        .filter(([, value]) => !(value as z.ZodType).safeParse(undefined).success)
        .map(([key]) => `\`${key}\``)
      fail(
        file,
        `Missing front matter, expected a \`---\` block with ${required.join(', ')}`,
        'missing-front-matter',
        {line: 1, column: 1},
        'Start the file with a `---` line, the keys, and another `---` line.'
      )
    }
    return undefined
  }
  const matter = validateMatter(file, schema)
  if (matter) warnPlaceholders(file)
  return matter
}
