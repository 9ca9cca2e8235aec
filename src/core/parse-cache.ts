import type {VFileMessage} from 'vfile-message'
import type {VFile} from '../content/content-file.js'

interface Entry {
  key: string
  file: VFile
  value: unknown
  /** The messages parsing left; cross-file rules add theirs on every build. */
  messages: VFileMessage[]
}

/**
 * Parsed files kept between builds in one process (`serve`): a file whose
 * text and context are unchanged is not parsed again. Its file object is
 * reused with the messages parsing gave it.
 */
export class ParseCache {
  private readonly entries = new Map<string, Entry>()
  parsed = 0
  reused = 0

  /** The parsed value of a freshly read file, from the cache when its text and context are the same. */
  get<T>(
    file: VFile,
    context: string,
    parse: (file: VFile) => T | undefined
  ): {file: VFile; value: T | undefined} {
    const found = this.take(file, context)
    if (found) return found as {file: VFile; value: T | undefined}
    const value = parse(file)
    this.keep(file, context, value)
    return {file, value}
  }

  /** The file object and value kept for a freshly read file, when its text and context are the same. */
  take(file: VFile, context: string): {file: VFile; value: unknown} | undefined {
    const entry = this.entries.get(file.path)
    if (!entry || entry.key !== cacheKey(file, context)) return undefined
    entry.file.messages = [...entry.messages]
    this.reused++
    return {file: entry.file, value: entry.value}
  }

  /** Keeps a file just parsed, with its value and messages. */
  keep(file: VFile, context: string, value: unknown) {
    this.entries.set(file.path, {key: cacheKey(file, context), file, value, messages: [...file.messages]})
    this.parsed++
  }

  /** Forgets files that are gone, so the cache does not grow with deleted files. */
  keepOnly(paths: Set<string>) {
    for (const key of this.entries.keys()) if (!paths.has(key)) this.entries.delete(key)
  }

  /** Forgets every file, for changes that affect all (a new or removed image, a theme edit). */
  clear() {
    this.entries.clear()
  }
}

function cacheKey(file: VFile, context: string): string {
  return `${context}\u0000${String(file.value)}`
}
