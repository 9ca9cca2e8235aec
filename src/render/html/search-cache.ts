import {createHash} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {checksum} from '../../util/checksum.js'
import {writeAtomically} from '../../util/write-atomically.js'

/** The files of one part of a search index, as Pagefind gives them. */
export type SearchFiles = {path: string; contents: Uint8Array}[]

/** Parts of a search index kept from one build to the next, by the key of what each indexed. */
export interface KeptSearchParts {
  /** The kept files of each part by its key, for those of `keys` kept whole. */
  get(keys: string[]): Promise<Map<string, SearchFiles>>
  /** Keeps the parts of this build's index, in place of those kept before. */
  keep(parts: {key: string; files: SearchFiles}[]): Promise<void>
}

/**
 * The parts of one edition's index in memory, as `serve` keeps them between rebuilds: after an edit,
 * the part it is in is made again, the others are taken from here. Only the last index is held.
 */
export class SearchMemory implements KeptSearchParts {
  private parts = new Map<string, SearchFiles>()

  get(keys: string[]): Promise<Map<string, SearchFiles>> {
    const found = new Map<string, SearchFiles>()
    for (const key of keys) {
      const files = this.parts.get(key)
      if (files) found.set(key, files)
    }
    return Promise.resolve(found)
  }

  keep(parts: {key: string; files: SearchFiles}[]): Promise<void> {
    this.parts = new Map(parts.map(({key, files}) => [key, files]))
    return Promise.resolve()
  }
}

/**
 * The search index of each edition kept from the last build
 * (`.proceedings-cache/search/<lang>.bin`): each part of it (see
 * `searchParts`) keyed by every document it indexed and by the indexer's
 * version. Pagefind makes an index whole, in about a millisecond per
 * contribution; a part whose indexed text did not change (an edit of a concept
 * note, of another session, of another edition's translation) is taken from
 * here. A damaged entry is a miss.
 */
export class SearchCache implements KeptSearchParts {
  constructor(
    private readonly dir: string,
    private readonly language: string
  ) {}

  static keyOf(version: string, documents: {url: string; content: string}[]): string {
    const hash = createHash('sha256').update(version)
    for (const {url, content} of documents) hash.update('\u0000').update(url).update('\u0000').update(content)
    return hash.digest('base64url')
  }

  private get file() {
    return path.join(this.dir, `${encodeURIComponent(this.language)}.bin`)
  }

  async get(keys: string[]): Promise<Map<string, SearchFiles>> {
    const found = new Map<string, SearchFiles>()
    let bytes: Buffer
    try {
      bytes = await readFile(this.file)
    } catch {
      return found
    }
    try {
      const headerLength = bytes.readUInt32LE(0)
      const header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString('utf8')) as {
        parts: {key: string; sum: string; files: [string, number][]}[]
      }
      const wanted = new Set(keys)
      let at = 4 + headerLength
      for (const part of header.parts) {
        const length = part.files.reduce((sum, [, size]) => sum + size, 0)
        const body = bytes.subarray(at, at + length)
        at += length
        if (!wanted.has(part.key) || body.length !== length) continue
        if (part.sum !== checksum(part.key, JSON.stringify(part.files), body)) continue
        let from = 0
        found.set(
          part.key,
          part.files.map(([file, size]) => {
            const contents = body.subarray(from, from + size)
            from += size
            return {path: file, contents}
          })
        )
      }
    } catch {
      // A header that does not parse: nothing is kept.
    }
    return found
  }

  async keep(parts: {key: string; files: SearchFiles}[]) {
    const bodies: Uint8Array[] = []
    const header = parts.map(({key, files}) => {
      const body = Buffer.concat(files.map((file) => file.contents))
      bodies.push(body)
      // The checksum covers the files' names and lengths too: a damaged header is a miss, not files cut wrongly.
      const named = files.map((file): [string, number] => [file.path, file.contents.length])
      return {key, sum: checksum(key, JSON.stringify(named), body), files: named}
    })
    const head = Buffer.from(JSON.stringify({parts: header}))
    const length = Buffer.alloc(4)
    length.writeUInt32LE(head.length)
    await writeAtomically(this.file, Buffer.concat([length, head, ...bodies]))
  }
}
