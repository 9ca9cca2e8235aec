import {readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {decodeText} from '../content/decode-text.js'
import {displayPath} from '../util/display-path.js'
import {describeFsError} from '../util/fs-error.js'
import {ExitCode, UserError} from '../errors.js'
import {importConceptNote, type ImportOptions, type ImportResult} from './import-concept-note.js'
import {makeFolder} from '../util/make-folder.js'

/**
 * Imports a concept note from a text or Markdown file. With `output`, writes
 * the result there, refusing to replace an existing file; returns it either way.
 */
export async function importFile(
  input: string,
  output: string | undefined,
  options: ImportOptions
): Promise<ImportResult> {
  const bytes = await readFile(input).catch((error: NodeJS.ErrnoException) => {
    throw new UserError(`Cannot read ${displayPath(input)}: ${describeFsError(error)}`, {
      exitCode: ExitCode.usage,
      hint: error.code === 'ENOENT' ? 'Check the path of the concept note, a .txt or .md file.' : undefined
    })
  })
  const decoded = decodeText(bytes)
  if (!decoded.ok) {
    throw new UserError(
      `${displayPath(input)}:${decoded.line}:${decoded.column}: invalid UTF-8, expected a text file`,
      {
        exitCode: ExitCode.usage,
        hint: 'Save or export the concept note as UTF-8 text (in Word: Save as, Plain Text, Unicode UTF-8).'
      }
    )
  }
  const result = importConceptNote(decoded.text, options)
  if (output) {
    await makeFolder(path.dirname(path.resolve(output)))
    await writeFile(output, result.markdown, {flag: 'wx'}).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') {
        throw new UserError(`Refusing to overwrite ${displayPath(output)}`, {
          exitCode: ExitCode.usage,
          hint: 'Choose another `-o` path, or move the existing file away.'
        })
      }
      throw error
    })
  }
  return result
}
