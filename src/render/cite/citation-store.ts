import {createHash} from 'node:crypto'
import {readFile} from 'node:fs/promises'
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
        text === undefined ? undefined : (JSON.parse(text) as {context?: unknown; entries?: unknown})
      if (data?.context === context && data.entries && typeof data.entries === 'object')
        kept = new Map(Object.entries(data.entries as Record<string, StoredCitation>))
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
    await writeAtomically(
      this.file,
      JSON.stringify({context: this.context, entries: Object.fromEntries(this.kept)})
    )
  }
}
