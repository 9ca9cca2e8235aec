import {createHash} from 'node:crypto'
import {mkdir, open, readdir, readFile, rename} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import type {VFile} from '../content/content-file.js'

interface Entry {
  value: unknown
}

/**
 * Parsed sessions and contributions kept on disk between runs and CI jobs
 * (`.proceedings-cache/`), keyed by a hash of the tool's version, the file's
 * path and text, and the forum's language. Only files that parsed cleanly
 * and use no images are kept: their parse depends on nothing but their text.
 * A cache that cannot be read is rebuilt, never an error.
 */
export class BuildCache {
  private readonly used = new Map<string, Entry>()
  hits = 0
  misses = 0
  private changed = false

  private constructor(private readonly file: string, private readonly stored: Map<string, Entry>) {}

  static async open(dir: string, version: string): Promise<BuildCache> {
    const file = path.join(dir, `parse-${version}.json`)
    const stored = new Map<string, Entry>()
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as Record<string, Entry>
      for (const [key, entry] of Object.entries(parsed)) if (entry && typeof entry === 'object' && 'value' in entry) stored.set(key, entry)
    } catch {
      // Missing or unreadable: start afresh.
    }
    return new BuildCache(file, stored)
  }

  /** The cached parse of a file, when its text and context are the same as when it was kept. */
  lookup(file: VFile, context: string): {key: string; hit: boolean; value: unknown} {
    const key = createHash('sha256').update(`${context}\u0000${file.path}\u0000${String(file.value)}`).digest('base64url')
    const entry = this.stored.get(key)
    if (!entry) {
      this.misses++
      return {key, hit: false, value: undefined}
    }
    this.hits++
    this.used.set(key, entry)
    return {key, hit: true, value: entry.value}
  }

  /** Keeps a fresh parse for later runs, if it is clean: no messages and no images. */
  store(key: string, file: VFile, value: unknown) {
    if (file.messages.length > 0 || value === undefined) return
    const json = JSON.stringify(value)
    if (json.includes('"assets":[{')) return
    this.used.set(key, {value: JSON.parse(json) as unknown})
    this.changed = true
  }

  /** Writes the entries this build used (and only those), atomically; nothing when they are the ones stored. */
  async save() {
    if (!this.changed && this.used.size === this.stored.size) return
    await mkdir(path.dirname(this.file), {recursive: true})
    const temporary = `${this.file}.${process.pid}.tmp`
    // Entry by entry: one string of the whole cache would weigh hundreds of MB for a large forum.
    const handle = await open(temporary, 'w')
    try {
      let text = '{'
      let first = true
      for (const [key, entry] of this.used) {
        text += `${first ? '' : ','}${JSON.stringify(key)}:${JSON.stringify(entry)}`
        first = false
        if (text.length > 1 << 20) {
          await handle.write(text)
          text = ''
        }
      }
      await handle.write(text + '}')
    } finally {
      await handle.close()
    }
    await rename(temporary, this.file)
  }
}

/**
 * What cached parses depend on besides the files: the code that parses.
 * A hash of the tool's version and of its parsing modules, so that no build
 * ever reuses a parse made by other code.
 */
export async function parserVersion(): Promise<string> {
  const hash = createHash('sha256')
  const lib = fileURLToPath(new URL('..', import.meta.url))
  hash.update(await readFile(path.join(lib, '..', 'package.json')))
  for (const folder of ['content', 'model']) {
    const files = (await readdir(path.join(lib, folder), {recursive: true})).filter((file) => file.endsWith('.js')).sort()
    for (const file of files) hash.update(file).update(await readFile(path.join(lib, folder, file)))
  }
  return hash.digest('hex').slice(0, 16)
}
