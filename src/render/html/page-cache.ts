import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {readdir, rm} from 'node:fs/promises'
import path from 'node:path'
import type {Contribution, Proceedings, SessionProceedings} from '../../model/types.js'
import {checksum} from '../../util/checksum.js'
import {writeAtomically} from '../../util/write-atomically.js'
import {digest, everyPageShows, overviewShows, sessionPageShows, type KeptPages} from './render-site.js'

/**
 * Pages of the site kept between runs (`.proceedings-cache/pages/`), for the
 * default templates only: a forum's own templates may show anything on a
 * page. A page is keyed by a hash of everything it shows, and of what
 * renders it (`context`: the tool's code, the templates). An unchanged page is
 * read back instead of rendered, and written out without encoding it again.
 *
 * - A session page shows the forum and every session (the navigation lists
 *   them), hashed as data, and the session's groups, with each contribution
 *   known by its key in the build cache (a hash of its text). A page showing
 *   a contribution the build cache does not keep (one with images or
 *   messages) is rendered at every build.
 * - `index.html`, `contents.html` and `speakers.html` show the forum, the sessions and every
 *   contribution's title, speakers and place, but no contribution's text:
 *   they are keyed by those, hashed as data, so that an edit of a
 *   contribution's text alone leaves them as they were.
 */
/** Each kept page ends with the checksum of what comes before it. */
const sumLength = checksum('').length

export class PageCache implements KeptPages {
  private readonly used = new Set<string>()
  /** Pages rendered by this build, written to the cache by `finish`. */
  private readonly fresh = new Map<string, string>()
  private hashes: {proceedings: Proceedings; shared: string; heads: string} | undefined
  hits = 0

  /** `keyOf` gives a contribution's key in the build cache, if it is kept there. */
  constructor(
    private readonly dir: string,
    private readonly context: string,
    private readonly keyOf: (contribution: Contribution) => string | undefined
  ) {}

  session(proceedings: Proceedings, current: SessionProceedings, render: () => string): string | Uint8Array {
    const hash = this.hash('session', this.hashesOf(proceedings).shared, current.session.id)
    for (const {heading, entries} of sessionPageShows(current)) {
      hash.update(`\u0000${JSON.stringify(heading)}`)
      for (const {contribution, full} of entries) {
        const key = this.keyOf(contribution)
        if (key === undefined) return render()
        hash.update(`\u0000${full ? 'full' : 'see'}\u0000${key}`)
      }
    }
    return this.take(hash.digest('base64url'), render)
  }

  landing(
    proceedings: Proceedings,
    contribution: Contribution,
    shows: unknown,
    render: () => string
  ): string | Uint8Array {
    const key = this.landingKey(proceedings, contribution, shows)
    return key === undefined ? render() : this.take(key, render)
  }

  /** The key of a landing page, or undefined for one showing a contribution the build cache does not keep. */
  private landingKey(proceedings: Proceedings, contribution: Contribution, shows: unknown) {
    const key = this.keyOf(contribution)
    if (key === undefined) return undefined
    const {shared} = this.hashesOf(proceedings)
    return this.hash('landing', shared, key, digest(shows)).digest('base64url')
  }

  overview(name: string, proceedings: Proceedings, render: () => string): string | Uint8Array {
    const {shared, heads} = this.hashesOf(proceedings)
    return this.take(this.hash('overview', name, shared, heads).digest('base64url'), render)
  }

  private hash(...parts: string[]) {
    return createHash('sha256').update([this.context, ...parts].join('\u0000'))
  }

  /** The page kept under `key`, or else rendered now and kept by `finish`. */
  private take(key: string, render: () => string): string | Uint8Array {
    this.used.add(key)
    try {
      const kept = readFileSync(path.join(this.dir, `${key}.html`))
      const page = kept.subarray(0, Math.max(0, kept.length - sumLength))
      if (kept.subarray(page.length).toString('latin1') !== checksum(page)) throw new Error('damaged')
      this.hits++
      return page
    } catch {
      // Not kept, or damaged or altered since: rendered again.
      const html = render()
      this.fresh.set(key, html)
      return html
    }
  }

  /**
   * Hashed once per build: what every page shows (the forum, the sessions,
   * whether drafts are in), and every contribution but its text, in its groups.
   */
  private hashesOf(proceedings: Proceedings) {
    if (this.hashes?.proceedings !== proceedings) {
      this.hashes = {
        proceedings,
        shared: digest(everyPageShows(proceedings)),
        heads: digest(overviewShows(proceedings))
      }
    }
    return this.hashes
  }

  /** Keeps the pages this build rendered and drops those it did not use. */
  async finish() {
    for (const [key, html] of this.fresh) {
      const page = Buffer.from(html)
      await writeAtomically(
        path.join(this.dir, `${key}.html`),
        Buffer.concat([page, Buffer.from(checksum(page), 'latin1')])
      )
    }
    this.fresh.clear()
    const names = await readdir(this.dir).catch(() => [])
    await Promise.all(
      names
        .filter((name) => name.endsWith('.html') && !this.used.has(name.slice(0, -'.html'.length)))
        .map((name) => rm(path.join(this.dir, name), {force: true}))
    )
  }
}
