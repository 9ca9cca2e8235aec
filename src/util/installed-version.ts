import {readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

/**
 * The version of an installed package, as found from this module: what a
 * cache of its output is keyed on, so that an update makes the output again.
 * `unknown` when it cannot be read.
 */
export function installedVersion(name: string): string {
  try {
    let folder = path.dirname(fileURLToPath(import.meta.resolve(name)))
    for (;;) {
      try {
        const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as {
          name?: unknown
          version?: unknown
        }
        if (manifest.name === name) return String(manifest.version)
      } catch {
        // No package.json here: look in the folder above.
      }
      const parent = path.dirname(folder)
      if (parent === folder) return 'unknown'
      folder = parent
    }
  } catch {
    return 'unknown'
  }
}
