import type {Proceedings} from '../model/types.js'
import type {PageRoot} from './theme/helpers.js'

/** The data every template sees at its root. */
export function pageContext(proceedings: Proceedings, root: Omit<PageRoot, 'language'>, extra: object = {}) {
  const {forum} = proceedings
  return {
    ...root,
    language: forum.language,
    labels: forum.labels,
    forum,
    sessions: proceedings.sessions,
    speakers: proceedings.speakers,
    countries: proceedings.countries,
    builtAt: proceedings.builtAt,
    drafts: proceedings.drafts,
    ...extra
  }
}
