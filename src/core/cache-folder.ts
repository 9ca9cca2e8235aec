import {readdir, stat, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {ExitCode, UserError} from '../errors.js'
import {makeFolder} from '../util/make-folder.js'

/**
 * Written into every cache folder, in the form of the Cache Directory Tagging
 * Specification (backup tools skip the folder): the tool removes files only
 * from a folder that holds it.
 */
export const cacheMarker = 'CACHEDIR.TAG'
const markerText =
  'Signature: 8a477f597d28d172789f06886806bc55\n# The cache of forum-proceedings: safe to delete, rebuilt by the next build.\n'

/** What a cache of an earlier version, written before the marker, holds at its top. */
const earlierCacheEntry = /^(?:(?:parse|stamps)-.+\.(?:bin|json)|pdf|pages)$/

/**
 * Makes sure `dir` is the tool's cache before anything is read from it or
 * removed: a missing or empty folder is marked as the cache; a folder with the
 * marker, or holding only what an earlier version kept there, is taken; any
 * other folder is refused, since a build removes the files it does not use.
 */
export async function claimCacheFolder(dir: string): Promise<void> {
  const stats = await stat(dir).catch(() => undefined)
  if (stats && !stats.isDirectory()) {
    throw new UserError(`The cache ${dir} is a file, expected a folder`, {
      exitCode: ExitCode.usage,
      hint: 'Choose another `--cache-dir`, or `--no-cache`.'
    })
  }
  const entries = stats ? await readdir(dir) : []
  if (entries.includes(cacheMarker)) return
  const earlier =
    entries.length > 0 &&
    entries.every((name) => earlierCacheEntry.test(name)) &&
    entries.some((name) => /^(?:parse|stamps)-/.test(name))
  if (entries.length > 0 && !earlier) {
    throw new UserError(`Refusing to use ${dir} as the cache: it holds files this tool did not write`, {
      exitCode: ExitCode.usage,
      hint: `A build removes from its cache what it does not use. Choose a new or empty folder with \`--cache-dir\`, or add a \`${cacheMarker}\` file to this one if it is a cache of this tool.`
    })
  }
  await makeFolder(dir)
  await writeFile(path.join(dir, cacheMarker), markerText)
}
