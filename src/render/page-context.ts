import type {Proceedings} from '../model/types.js'
import {ownLanguageName} from './language-names.js'
import type {PageRoot} from './theme/helpers.js'

/** The data every template sees at its root. */
export function pageContext(proceedings: Proceedings, root: Omit<PageRoot, 'language'>, extra: object = {}) {
  const {forum, edition, editions} = proceedings
  // From the page up to the output folder, where every edition's PDF and proceedings.json stand.
  const outputRoot = (root.inFolder ? '../' : '') + (edition.folder ? '../' : '')
  return {
    ...root,
    language: forum.language,
    labels: forum.labels,
    forum,
    edition,
    editions,
    outputRoot,
    // The same page in every edition, for the language switcher and `hreflang` links.
    alternates:
      editions.length > 1 && root.path !== undefined
        ? editions.map((other) => ({
            language: other.language,
            name: ownLanguageName(other.language),
            href: outputRoot + other.folder + root.path,
            current: other === edition
          }))
        : [],
    sessions: proceedings.sessions,
    speakers: proceedings.speakers,
    countries: proceedings.countries,
    builtAt: proceedings.builtAt,
    drafts: proceedings.drafts,
    ...extra
  }
}
