import {mkdir, stat} from 'node:fs/promises'
import path from 'node:path'

/**
 * Makes a folder and any missing parents, as `mkdir -p` does, one level at a time. Node's recursive
 * `mkdir` never returns on a file system that refuses new folders without saying so (`/proc`): here the
 * first folder that cannot be made fails with its error.
 */
export async function makeFolder(dir: string): Promise<void> {
  const missing: string[] = []
  let current = path.resolve(dir)
  for (;;) {
    try {
      if ((await stat(current)).isDirectory()) break
      throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), {
        code: 'ENOTDIR',
        path: current
      })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    missing.push(current)
    const parent = path.dirname(current)
    if (parent === current) break
    current = parent
  }
  for (const folder of missing.reverse()) {
    await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error
    })
  }
}
