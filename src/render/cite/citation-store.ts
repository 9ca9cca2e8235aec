import {createHash} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import {checksum} from '../../util/checksum.js'
import {writeAtomically} from '../../util/write-atomically.js'

/** What citation-js writes of one item: its BibTeX and RIS, and its formatted citation once a page showed it. */
export interface StoredCitation {
  bibtex: string
  ris: string
  text?: string
}

/**
 * Citations kept between builds (`.proceedings-cache/citations.json`, or in
 * memory for `serve`), keyed by a hash of the CSL item, the language and
 * what formats them (`context`): a build whose items did not change loads
 * neither citation-js nor citeproc-js. Only the entries a build used are kept.
 * A checksum covers the entries: a file damaged or altered since it was
 * written is a miss, formatted again, never a different citation.
 */
export class CitationStore {
  private readonly used = new Map<string, StoredCitation>()

  private constructor(
    private readonly file: string | undefined,
    private readonly context: string,
    private kept: Map<string, StoredCitation>
  ) {}

  /** The store kept in `file` (none yet, or unreadable: an empty one), or one in memory without a file. */
  static async open(file: string | undefined, context: string): Promise<CitationStore> {
    const text = file === undefined ? undefined : await readFile(file, 'utf8').catch(() => undefined)
    let kept = new Map<string, StoredCitation>()
    try {
      const data =
        text === undefined
          ? undefined
          : (JSON.parse(text) as {context?: unknown; sum?: unknown; entries?: unknown})
      if (
        data?.context === context &&
        typeof data.entries === 'string' &&
        data.sum === checksum(context, data.entries)
      )
        kept = new Map(Object.entries(JSON.parse(data.entries) as Record<string, StoredCitation>))
    } catch {
      // Damaged: formatted again.
    }
    return new CitationStore(file, context, kept)
  }

  /** The key of an item in a language. */
  key(item: object, language: string): string {
    return createHash('sha256')
      .update(this.context)
      .update(language)
      .update(JSON.stringify(item))
      .digest('base64url')
  }

  get(key: string): StoredCitation | undefined {
    const found = this.used.get(key) ?? this.kept.get(key)
    if (found) this.used.set(key, found)
    return found
  }

  set(key: string, citation: StoredCitation) {
    this.used.set(key, citation)
  }

  /** Keeps what this build used, for the next one. */
  async finish() {
    this.kept = new Map(this.used)
    this.used.clear()
    if (this.file === undefined) return
    const entries = JSON.stringify(Object.fromEntries(this.kept))
    await writeAtomically(
      this.file,
      JSON.stringify({context: this.context, sum: checksum(this.context, entries), entries})
    )
  }
}
