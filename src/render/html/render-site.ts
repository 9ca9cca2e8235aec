import {createHash} from 'node:crypto'
import type {Contribution, Proceedings, SessionProceedings} from '../../model/types.js'
import type {OutputFile} from '../../util/output-file.js'
import {withContentSecurityPolicy} from '../content-security-policy.js'
import {pageContext} from '../page-context.js'
import type {Theme} from '../theme/load-theme.js'
import {mergedSearchFolders} from './index-search.js'

/**
 * The static site: `index.html` (the forum and its sessions), `contents.html`, one page per
 * session under `sessions/`, `speakers.html`, the theme's static files and
 * the content's images under `assets/`.
 */
export function renderSite(proceedings: Proceedings, theme: Theme, pages?: KeptPages): OutputFile[] {
  // Kept pages are keyed on what the default templates show; other templates may show anything.
  const kept = theme.defaultTemplates ? pages : undefined
  const files: OutputFile[] = (['index', 'contents', 'search', 'speakers'] as const).map((name) => {
    const render = () =>
      withContentSecurityPolicy(
        theme.render(
          name,
          pageContext(
            proceedings,
            {mode: 'site', inFolder: false, path: `${name}.html`},
            // The parts of a large forum's search index, which the search page merges.
            name === 'search' ? {searchParts: mergedSearchFolders(proceedings)} : {}
          )
        )
      )
    return {path: `${name}.html`, contents: kept ? kept.overview(name, proceedings, render) : render()}
  })
  for (const [index, session] of proceedings.sessions.entries()) {
    const neighbours = {previous: proceedings.sessions[index - 1], next: proceedings.sessions[index + 1]}
    const render = () =>
      withContentSecurityPolicy(
        theme.render(
          'session',
          pageContext(
            proceedings,
            {mode: 'site', inFolder: true, folder: 'sessions', path: `sessions/${session.session.id}.html`},
            {current: session, ...neighbours}
          )
        )
      )
    files.push({
      path: `sessions/${session.session.id}.html`,
      contents: kept ? kept.session(proceedings, session, render) : render()
    })
  }
  for (const [name, contents] of theme.staticFiles) files.push({path: `assets/${name}`, contents})
  for (const asset of proceedings.assets)
    files.push({path: asset.target, copyFrom: asset.source, sha256: asset.sha256, reference: asset.reference})
  // Theme files stay out of `assets/content/` and images are named by their hash: a clash here is a bug.
  const paths = new Set<string>()
  for (const file of files) {
    if (paths.has(file.path)) throw new Error(`Two files of the site would be written to ${file.path}`)
    paths.add(file.path)
  }
  return files
}

/**
 * Pages kept from one build to the next. What a page shows is known for the
 * default templates only: with a template of the forum's own, every page is
 * rendered at every build.
 */
export interface KeptPages {
  /** The page of `current`, kept from an earlier build if it shows the same, else rendered by `render`. */
  session(proceedings: Proceedings, current: SessionProceedings, render: () => string): string | Uint8Array
  /** `index.html`, `contents.html` or `speakers.html` (`name` without `.html`), likewise. */
  overview(name: string, proceedings: Proceedings, render: () => string): string | Uint8Array
  /**
   * The landing page of `contribution`, likewise: it shows the forum and the sessions, the contribution, and `shows`
   * (its citation data and neighbours), as data.
   */
  landing(
    proceedings: Proceedings,
    contribution: Contribution,
    shows: unknown,
    render: () => string
  ): string | Uint8Array
}

/**
 * Pages kept between builds of one process (`serve`), for one theme. A
 * session page is rendered again only when something it shows is a different
 * object: with the parse cache, unchanged files keep their objects. The
 * overview pages show every contribution but its text: they are rendered
 * again only when the hash of that and of what every page shows changes, so
 * that an edit of a text alone leaves them as they were.
 */
export class SiteMemo implements KeptPages {
  private readonly pages = new Map<string, {key: unknown[]; html: string}>()
  private readonly landings = new Map<string, {key: unknown[]; html: string}>()
  private readonly overviews = new Map<string, {key: string; html: string}>()
  private shown: {proceedings: Proceedings; key: string} | undefined
  private shared: {proceedings: Proceedings; key: unknown[]} | undefined
  /** Pages taken again rather than rendered. */
  hits = 0

  overview(name: string, proceedings: Proceedings, render: () => string): string {
    if (this.shown?.proceedings !== proceedings)
      this.shown = {proceedings, key: digest([everyPageShows(proceedings), overviewShows(proceedings)])}
    const previous = this.overviews.get(name)
    if (previous?.key === this.shown.key) {
      this.hits++
      return previous.html
    }
    const html = render()
    this.overviews.set(name, {key: this.shown.key, html})
    return html
  }

  landing(
    proceedings: Proceedings,
    contribution: Contribution,
    shows: unknown,
    render: () => string
  ): string {
    const key = [...this.everyPage(proceedings), contribution, digest(shows)]
    const previous = this.landings.get(contribution.id)
    if (
      previous &&
      previous.key.length === key.length &&
      previous.key.every((item, index) => item === key[index])
    ) {
      this.hits++
      return previous.html
    }
    const html = render()
    this.landings.set(contribution.id, {key, html})
    return html
  }

  session(proceedings: Proceedings, current: SessionProceedings, render: () => string): string {
    const id = current.session.id
    const key = [...this.everyPage(proceedings), ...sessionPageKey(current)]
    const previous = this.pages.get(id)
    if (
      previous &&
      previous.key.length === key.length &&
      previous.key.every((item, index) => item === key[index])
    ) {
      this.hits++
      return previous.html
    }
    const html = render()
    this.pages.set(id, {key, html})
    return html
  }

  /**
   * What every page shows, compared from one build to the next: each session by its object, and the forum and the
   * edition by their JSON, as they are objects made anew at every build (the forum of every edition but the first).
   */
  private everyPage(proceedings: Proceedings): unknown[] {
    if (this.shared?.proceedings !== proceedings) {
      const {forum, edition, editions, drafts, sessions} = proceedings
      this.shared = {
        proceedings,
        key: [
          digest([forum, edition, editions, drafts]),
          ...sessions.flatMap(({session, anchor}) => [session, anchor])
        ]
      }
    }
    return this.shared.key
  }
}

/**
 * What every page of the default templates shows: the forum, whether drafts
 * are in, and every session (the navigation lists them). Both `SiteMemo` and
 * the page cache key pages on this and on `sessionPageShows` (`SiteMemo` in its own way: see `everyPage`).
 */
export function everyPageShows(proceedings: Proceedings): unknown[] {
  return [
    proceedings.forum,
    proceedings.edition,
    proceedings.editions,
    proceedings.drafts,
    ...proceedings.sessions.flatMap(({session, anchor}) => [session, anchor])
  ]
}

/** What a session page shows besides: its groups, with each contribution in full or as a reference. */
export function sessionPageShows(current: SessionProceedings) {
  return current.groups.map((group) => ({
    heading: [group.kind, group.question?.number ?? null, group.anchor],
    entries: group.entries.map(({contribution, full}) => ({contribution, full}))
  }))
}

/** What `index.html`, `contents.html` and `speakers.html` show besides: every contribution but its text, in its groups. */
export function overviewShows(proceedings: Proceedings): unknown[] {
  return proceedings.sessions.map((current) =>
    sessionPageShows(current).map(({heading, entries}) => [
      heading,
      // Its text, and the version of it that translations record, are not shown on these pages.
      entries.map(({contribution, full}) => [full, {...contribution, body: null, version: null}])
    ])
  )
}

/** A hash of data as JSON. */
export function digest(data: unknown): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('base64url')
}

function sessionPageKey(current: SessionProceedings): unknown[] {
  return sessionPageShows(current).flatMap(({heading, entries}) => [
    ...heading,
    ...entries.flatMap(({contribution, full}) => [contribution, full])
  ])
}
