import {createHash} from 'node:crypto'
import {mkdir, open, readdir, readFile, rename, rm} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {deserialize, serialize} from 'node:v8'
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
 *
 * The file is in V8's serialization format, in chunks of entries: read and
 * written without decoding or escaping text, it loads in a third of the time
 * JSON takes. Its name carries the V8 version, as the format may change.
 */
export class BuildCache {
  private readonly used = new Map<string, Entry>()
  hits = 0
  misses = 0
  private changed = false

  private constructor(private readonly file: string, private readonly stored: Map<string, Entry>) {}

  static async open(dir: string, version: string): Promise<BuildCache> {
    const file = path.join(dir, `parse-${version}-v8-${process.versions.v8.replace(/[^\w.]/g, '_')}.bin`)
    const stored = new Map<string, Entry>()
    try {
      const bytes = await readFile(file)
      for (let offset = 0; offset < bytes.length;) {
        const length = bytes.readUInt32LE(offset)
        const chunk = deserialize(bytes.subarray(offset + 4, offset + 4 + length)) as [string, Entry][]
        for (const [key, entry] of chunk) if (entry && typeof entry === 'object' && 'value' in entry) stored.set(key, entry)
        offset += 4 + length
      }
    } catch {
      // Missing or unreadable: start afresh.
      stored.clear()
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

  /**
   * Writes the entries this build used (and only those), atomically; nothing
   * when they are the ones stored. Caches of other versions of the tool go.
   */
  async save() {
    if (!this.changed && this.used.size === this.stored.size) return
    await mkdir(path.dirname(this.file), {recursive: true})
    const temporary = `${this.file}.${process.pid}.tmp`
    // Chunk by chunk: the whole cache at once would weigh hundreds of MB for a large forum.
    const handle = await open(temporary, 'w')
    try {
      const entries = [...this.used]
      for (let start = 0; start < entries.length; start += entriesPerChunk) {
        const chunk = serialize(entries.slice(start, start + entriesPerChunk))
        const length = Buffer.alloc(4)
        length.writeUInt32LE(chunk.length)
        await handle.write(length)
        await handle.write(chunk)
      }
    } finally {
      await handle.close()
    }
    await rename(temporary, this.file)
    const dir = path.dirname(this.file)
    const others = (await readdir(dir)).filter((name) => /^parse-.*\.(json|bin)$/.test(name) && name !== path.basename(this.file))
    await Promise.all(others.map((name) => rm(path.join(dir, name), {force: true})))
  }
}

const entriesPerChunk = 256

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
