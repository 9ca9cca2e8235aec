import {createHash} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {checksum} from '../../util/checksum.js'
import type {OutputFile} from '../../util/output-file.js'
import {writeAtomically} from '../../util/write-atomically.js'

/**
 * The search index of each edition kept from the last build
 * (`.proceedings-cache/search/<lang>.bin`), keyed by every document it
 * indexed and by the indexer's version. Pagefind makes an index whole, in
 * seconds at thousands of contributions; an edition whose indexed text did
 * not change (an edit of a concept note, of the forum's page, of another
 * edition's translation) takes its index from here. A damaged entry is a miss.
 */
export class SearchCache {
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

  async get(key: string): Promise<{path: string; contents: Uint8Array}[] | undefined> {
    try {
      const bytes = await readFile(this.file)
      const headerLength = bytes.readUInt32LE(0)
      const header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString('utf8')) as {
        key: string
        sum: string
        files: [string, number][]
      }
      const body = bytes.subarray(4 + headerLength)
      if (header.key !== key || header.sum !== checksum(key, JSON.stringify(header.files), body))
        return undefined
      let at = 0
      const files = header.files.map(([file, length]) => {
        const contents = body.subarray(at, at + length)
        at += length
        return {path: file, contents}
      })
      return at === body.length ? files : undefined
    } catch {
      return undefined
    }
  }

  async keep(key: string, files: OutputFile[]) {
    const kept = files.flatMap((file) =>
      'contents' in file
        ? [
            {
              path: file.path,
              bytes: typeof file.contents === 'string' ? Buffer.from(file.contents) : file.contents
            }
          ]
        : []
    )
    if (kept.length !== files.length) return
    const body = Buffer.concat(kept.map(({bytes}) => bytes))
    // The checksum covers the files' names and lengths too: a damaged header is a miss, not files cut wrongly.
    const named = kept.map(({path: file, bytes}) => [file, bytes.length])
    const header = Buffer.from(
      JSON.stringify({key, sum: checksum(key, JSON.stringify(named), body), files: named})
    )
    const length = Buffer.alloc(4)
    length.writeUInt32LE(header.length)
    await writeAtomically(this.file, Buffer.concat([length, header, body]))
  }
}
