import {readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

/** The installed Pagefind's version: an index kept by another version is made again. */
export const pagefindVersion = (() => {
  try {
    const entry = fileURLToPath(import.meta.resolve('pagefind'))
    const manifest = path.join(path.dirname(entry), '..', 'package.json')
    return String((JSON.parse(readFileSync(manifest, 'utf8')) as {version?: unknown}).version)
  } catch {
    return 'unknown'
  }
})()
