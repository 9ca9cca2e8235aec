import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {mkdir, readdir, rename, rm, writeFile} from 'node:fs/promises'
import path from 'node:path'
import type {Contribution, Proceedings, SessionProceedings} from '../../model/types.js'
import type {SessionPages} from './render-site.js'

/**
 * Session pages of the site kept between runs (`.proceedings-cache/pages/`),
 * for the default templates only: a forum's own templates may show anything
 * on a session page. A page is keyed by a hash of everything it shows: the
 * forum and every session (the navigation lists them), hashed as data, and
 * the session's groups, with each contribution known by its key in the
 * build cache (a hash of its text). With the tool's code and templates in
 * `context`, an unchanged page is read back instead of rendered, and is
 * written out without encoding it again.
 *
 * A page showing a contribution the build cache does not keep (one with
 * images or messages) is rendered at every build.
 */
export class PageCache implements SessionPages {
  private readonly used = new Set<string>()
  /** Pages rendered by this build, written to the cache by `finish`. */
  private readonly fresh = new Map<string, string>()
  private shared: {proceedings: Proceedings; hash: string} | undefined
  hits = 0

  /** `keyOf` gives a contribution's key in the build cache, if it is kept there. */
  constructor(private readonly dir: string, private readonly context: string, private readonly keyOf: (contribution: Contribution) => string | undefined) {}

  page(proceedings: Proceedings, current: SessionProceedings, render: () => string): string | Uint8Array {
    const key = this.key(proceedings, current)
    if (key === undefined) return render()
    this.used.add(key)
    try {
      const kept = readFileSync(path.join(this.dir, `${key}.html`))
      this.hits++
      return kept
    } catch {
      const html = render()
      this.fresh.set(key, html)
      return html
    }
  }

  private key(proceedings: Proceedings, current: SessionProceedings): string | undefined {
    const hash = createHash('sha256').update(this.context).update('\u0000').update(this.sharedHash(proceedings))
    hash.update(`\u0000${current.session.id}`)
    for (const group of current.groups) {
      hash.update(`\u0000${group.kind}\u0000${group.question?.number ?? ''}\u0000${group.anchor}`)
      for (const entry of group.entries) {
        const key = this.keyOf(entry.contribution)
        if (key === undefined) return undefined
        hash.update(`\u0000${entry.full ? 'full' : 'see'}\u0000${key}`)
      }
    }
    return hash.digest('base64url')
  }

  /** What every session page shows, hashed once per build: the forum, the sessions, whether drafts are in. */
  private sharedHash(proceedings: Proceedings): string {
    if (this.shared?.proceedings !== proceedings) {
      const data = JSON.stringify([proceedings.forum, proceedings.drafts, proceedings.sessions.map(({session, anchor}) => [session, anchor])])
      this.shared = {proceedings, hash: createHash('sha256').update(data).digest('base64url')}
    }
    return this.shared.hash
  }

  /** Keeps the pages this build rendered and drops those it did not use. */
  async finish() {
    await mkdir(this.dir, {recursive: true})
    for (const [key, html] of this.fresh) {
      const file = path.join(this.dir, `${key}.html`)
      const temporary = `${file}.${process.pid}.tmp`
      await writeFile(temporary, html)
      await rename(temporary, file)
    }
    this.fresh.clear()
    const names = await readdir(this.dir).catch(() => [])
    await Promise.all(names.filter((name) => name.endsWith('.html') && !this.used.has(name.slice(0, -'.html'.length)))
      .map((name) => rm(path.join(this.dir, name), {force: true})))
  }
}
