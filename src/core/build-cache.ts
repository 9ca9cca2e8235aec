import {createHash} from 'node:crypto'
import {open, readdir, rm} from 'node:fs/promises'
import path from 'node:path'
import {deserialize, serialize} from 'node:v8'
import {sourceOf, type FileStamp, type VFile} from '../content/content-file.js'
import type {HtmlFragment} from '../model/markdown.js'
import {checksum} from '../util/checksum.js'
import {writeAtomically} from '../util/write-atomically.js'
import {makeFolder} from '../util/make-folder.js'
import {readStamps, readWhole, sameStamp, writeStamps, type Stamped} from './file-stamps.js'

/**
 * A parsed value, in V8's serialization format: taken as it was when parsed,
 * and read back only when used. A contribution's HTML is kept apart, as
 * UTF-8, and decoded only when a page shows it: with the pages of unchanged
 * sessions kept, a rebuild shows few.
 */
interface Entry {
  value: Uint8Array
  html?: Uint8Array
  /** A checksum of the key, value and HTML: an entry damaged or altered since is a miss. */
  sum: string
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
 * JSON takes. Each value is serialized once, when it is parsed, and
 * deserialized only when a build uses it. The file's name carries the V8
 * version, as the format may change. A build adds what it parsed as chunks at
 * the end, and writes the file anew only when it holds many entries no build
 * uses any more.
 *
 * Beside it, the stamps of the files kept (`stamps-….bin`): a file whose
 * stamp has not changed is not read again, its text's hash is taken from its
 * stamp (see FileStamp).
 */
export class BuildCache {
  private readonly used = new Map<string, Entry>()
  /** Entries parsed by this build, not in the file yet. */
  private readonly fresh = new Map<string, Entry>()
  /** The key of each value taken from the cache or put in it, for caches of what is rendered from it. */
  private readonly keys = new WeakMap<object, string>()
  /** Files looked up with a stamp, by their cache key: their stamps are kept if their parse is. */
  private readonly stamped = new Map<string, Stamped & {path: string}>()
  hits = 0
  misses = 0

  private constructor(
    private readonly file: string,
    private readonly stored: Map<string, Entry>,
    private readonly damaged: boolean,
    private readonly stampsFile: string,
    private readonly stamps: Map<string, Stamped>
  ) {}

  static async open(dir: string, version: string): Promise<BuildCache> {
    const suffix = `${version}-${FORMAT}-v8-${process.versions.v8.replace(/[^\w.]/g, '_')}.bin`
    const file = path.join(dir, `parse-${suffix}`)
    const stampsFile = path.join(dir, `stamps-${suffix}`)
    const stamps = readStamps(stampsFile)
    const stored = new Map<string, Entry>()
    // Read at once: a read in promised chunks of 512 KB takes several times as long for tens of MB.
    const bytes = readWhole(file)
    let damaged = false
    try {
      for (let offset = 0; offset < bytes.length;) {
        const length = bytes.readUInt32LE(offset)
        const chunk = deserialize(bytes.subarray(offset + 4, offset + 4 + length)) as [string, Entry][]
        for (const [key, entry] of chunk)
          if (typeof key === 'string' && isEntry(entry)) stored.set(key, entry)
        offset += 4 + length
      }
    } catch {
      // Unreadable from here on (a build killed while adding to it): what was read before stays,
      // and the file is written anew.
      damaged = true
    }
    return new BuildCache(file, stored, damaged, stampsFile, stamps)
  }

  /** The hash of a file's path and text when it was last read, if its stamp is the same now. */
  recall(absolutePath: string, stamp: FileStamp): string | undefined {
    const known = this.stamps.get(absolutePath)
    return known && sameStamp(known.stamp, stamp) ? known.textHash : undefined
  }

  /** The cached parse of a file, when its text and context are the same as when it was kept. */
  lookup(file: VFile, context: string): {key: string; hit: boolean; value: unknown} {
    const textHash = file.data.textHash ?? hashText(file)
    const key = createHash('sha256').update(`${context}\u0000${textHash}`).digest('base64url')
    if (file.data.stamp) this.stamped.set(key, {path: file.path, stamp: file.data.stamp, textHash})
    const entry = this.stored.get(key)
    if (!entry || entry.sum !== entrySum(key, entry)) {
      this.misses++
      return {key, hit: false, value: undefined}
    }
    let value: unknown
    try {
      value = deserialize(entry.value)
      if (entry.html) (value as {body: HtmlFragment}).body = htmlWhenShown(entry.html)
    } catch {
      this.misses++
      return {key, hit: false, value: undefined}
    }
    this.hits++
    this.used.set(key, entry)
    if (typeof value === 'object' && value !== null) this.keys.set(value, key)
    return {key, hit: true, value}
  }

  /**
   * The key of a parsed value this build took from the cache or kept in it: a
   * hash of its file's path and text and of the forum's language, on which
   * the value depends alone. Undefined for a value the cache does not keep.
   */
  keyOf(value: object): string | undefined {
    return this.keys.get(value)
  }

  /** Keeps a fresh parse for later runs, if it is clean: no messages and no images. */
  store(key: string, file: VFile, value: unknown) {
    if (file.messages.length > 0 || value === undefined) return
    // A file recalled from its stamp, and read since to be parsed: kept only if its text is still the one hashed.
    if (file.data.textHash !== undefined && hashText(file) !== file.data.textHash) return
    if (usesAssets(value)) return
    // Serialized now: what is kept is the value as parsed, whatever happens to it later in the build.
    const body = (value as {body?: unknown}).body
    const parts = isPlainHtml(body)
      ? {value: serialize({...value, body: null}), html: Buffer.from(body.atRoot)}
      : {value: serialize(value)}
    const entry: Entry = {...parts, sum: entrySum(key, parts)}
    if (typeof value === 'object' && value !== null) this.keys.set(value, key)
    this.used.set(key, entry)
    this.fresh.set(key, entry)
  }

  /**
   * Adds this build's fresh entries to the file. When the file holds many
   * entries this build did not use (files edited or removed since), it is
   * written anew, atomically, with only the entries used. Caches of other
   * versions of the tool go.
   */
  async save() {
    await makeFolder(path.dirname(this.file))
    await this.saveStamps()
    const unused = this.stored.size - (this.used.size - this.fresh.size)
    const compact = this.damaged || unused > this.used.size / 4
    if (this.fresh.size === 0 && !compact) return
    if (this.stored.size > 0 && !compact) {
      // A few entries more: appended. A build killed meanwhile leaves a last chunk cut short, which is ignored.
      await writeChunks(this.file, [...this.fresh], 'a')
    } else {
      await writeAtomically(this.file, (temporary) => writeChunks(temporary, [...this.used], 'w'))
    }
    this.fresh.clear()
    const dir = path.dirname(this.file)
    const current = [path.basename(this.file), path.basename(this.stampsFile)]
    const others = (await readdir(dir)).filter(
      (name) => /^(parse|stamps)-.*\.(json|bin)$/.test(name) && !current.includes(name)
    )
    await Promise.all(others.map((name) => rm(path.join(dir, name), {force: true})))
  }

  /** The stamps of the files whose parse is kept, written anew when they changed. */
  private async saveStamps() {
    const stamps = new Map<string, Stamped>()
    for (const [key, {path: file, stamp, textHash}] of this.stamped)
      if (this.used.has(key)) stamps.set(file, {stamp, textHash})
    const same =
      stamps.size === this.stamps.size &&
      [...stamps].every(([file, {stamp, textHash}]) => {
        const known = this.stamps.get(file)
        return known !== undefined && known.textHash === textHash && sameStamp(known.stamp, stamp)
      })
    if (!same) await writeStamps(this.stampsFile, stamps)
  }
}

function isEntry(entry: unknown): entry is Entry {
  if (typeof entry !== 'object' || entry === null) return false
  const {value, html, sum} = entry as Partial<Entry>
  return (
    value instanceof Uint8Array &&
    (html === undefined || html instanceof Uint8Array) &&
    typeof sum === 'string'
  )
}

function entrySum(key: string, {value, html}: {value: Uint8Array; html?: Uint8Array}): string {
  return checksum(key, value, html ?? '')
}

/** A fragment of HTML with no images: its HTML is all there is to it. */
function isPlainHtml(fragment: unknown): fragment is HtmlFragment {
  if (typeof fragment !== 'object' || fragment === null) return false
  const {atRoot, inFolder, assets} = fragment as Partial<HtmlFragment>
  return (
    typeof atRoot === 'string' &&
    inFolder === undefined &&
    Array.isArray(assets) &&
    assets.length === 0 &&
    Object.keys(fragment).length === 2
  )
}

/** A fragment whose HTML is decoded from `bytes` when first read. */
function htmlWhenShown(bytes: Uint8Array): HtmlFragment {
  let html: string | undefined
  const fragment = {} as HtmlFragment
  Object.defineProperty(fragment, 'atRoot', {
    enumerable: true,
    get: () => (html ??= Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'))
  })
  fragment.assets = []
  return fragment
}

/** Whether a parsed value refers to images: its HTML then depends on them too. */
function usesAssets(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(usesAssets)
  if (value === null || typeof value !== 'object') return false
  return Object.entries(value).some(([key, item]) =>
    key === 'assets' && Array.isArray(item) ? item.length > 0 : usesAssets(item)
  )
}

/**
 * A hash of a file's path in the content folder and its text: the same for a
 * forum checked out or restored elsewhere (a CI job's own folder), whose
 * parses are then taken from a cache restored with it.
 */
function hashText(file: VFile): string {
  return createHash('sha256')
    .update(`${sourceOf(file)}\u0000${String(file.value)}`)
    .digest('base64url')
}

const entriesPerChunk = 256
/** The layout of the cache file, in its name: chunks of [key, Entry] pairs. */
const FORMAT = 'f4'

/** Writes entries chunk by chunk, each prefixed with its length: the whole cache at once would weigh hundreds of MB. */
async function writeChunks(file: string, entries: [string, Entry][], flags: 'a' | 'w') {
  const handle = await open(file, flags)
  try {
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
}
