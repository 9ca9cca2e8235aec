import {readdir} from 'node:fs/promises'
import path from 'node:path'

/**
 * Every file under `dir`, by its path relative to it (with `/`), mapped by
 * `read` (its bytes, its inode…); `keep` picks the paths to read.
 */
export async function folderFiles<T>(
  dir: string,
  read: (file: string) => Promise<T>,
  keep: (relative: string) => boolean = () => true
): Promise<Map<string, T>> {
  const relative = (await readdir(dir, {recursive: true, withFileTypes: true}))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter(keep)
  return new Map(
    await Promise.all(relative.map(async (file) => [file, await read(path.join(dir, file))] as const))
  )
}
