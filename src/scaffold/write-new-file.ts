import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {ExitCode, UserError} from '../errors.js'
import {displayPath} from '../util/display-path.js'
import {describeFsError} from '../util/fs-error.js'
import {makeFolder} from '../util/make-folder.js'

/**
 * Writes a file that must not exist yet, creating its folders. The check and
 * the write are one step (`wx`), so a file that appears meanwhile is not replaced either.
 */
export async function writeNewFile(dir: string, source: string, text: string, hint?: string): Promise<void> {
  const file = path.join(dir, source)
  await makeFolder(path.dirname(file)).catch((error: NodeJS.ErrnoException) => {
    throw new UserError(`Cannot create the folder of ${displayPath(file)}: ${describeFsError(error)}`, {
      exitCode: ExitCode.usage,
      cause: error
    })
  })
  await writeFile(file, text, {flag: 'wx'}).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST')
      throw new UserError(`Refusing to overwrite ${displayPath(file)}`, {exitCode: ExitCode.usage, hint})
    throw new UserError(`Cannot write ${displayPath(file)}: ${describeFsError(error)}`, {
      exitCode: ExitCode.usage,
      cause: error
    })
  })
}
