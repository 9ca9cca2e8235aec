import {createHash} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import {checksum} from '../../util/checksum.js'
import {writeAtomically} from '../../util/write-atomically.js'

/**
 * Hyphenated fragments kept between builds (`.proceedings-cache/hyphenation.json`),
 * keyed by a hash of the fragment's HTML and its language: hyphenating every
 * contribution's text for the print pages took about 5 s at 2,000
 * contributions, at every build, even when no piece of the PDF had to be
 * printed again. Only the entries a build used are kept; a damaged file is a
 * miss, hyphenated again.
 */
export class HyphenationStore {
  private readonly used = new Map<string, string>()
  private added = false

  private constructor(
    private readonly file: string,
    private readonly context: string,
    private readonly kept: Map<string, string>
  ) {}

  /** `context` names what hyphenates: an entry kept by other code or patterns is not used. */
  static async open(file: string, context: string): Promise<HyphenationStore> {
    let kept = new Map<string, string>()
    try {
      const data = JSON.parse(await readFile(file, 'utf8')) as {
        context?: unknown
        sum?: unknown
        entries?: string
      }
      if (
        data.context === context &&
        typeof data.entries === 'string' &&
        data.sum === checksum(context, data.entries)
      )
        kept = new Map(Object.entries(JSON.parse(data.entries) as Record<string, string>))
    } catch {
      // None yet, or damaged: hyphenated again.
    }
    return new HyphenationStore(file, context, kept)
  }

  /** The fragment hyphenated in `language`: kept, or made by `hyphenate` and kept. */
  hyphenated(html: string, language: string, hyphenate: () => string): string {
    const key = createHash('sha256').update(language).update('\u0000').update(html).digest('base64url')
    let found = this.used.get(key) ?? this.kept.get(key)
    if (found === undefined) {
      found = hyphenate()
      this.added = true
    }
    this.used.set(key, found)
    return found
  }

  /** Keeps what this build used, for the next one; writes nothing when that is what was kept. */
  async finish() {
    if (!this.added && this.used.size === this.kept.size) return
    const entries = JSON.stringify(Object.fromEntries(this.used))
    await writeAtomically(
      this.file,
      JSON.stringify({context: this.context, sum: checksum(this.context, entries), entries})
    )
  }
}
