import type {Proceedings} from '../model/types.js'
import {labelsFor} from './labels.js'
import type {PageRoot} from './theme/helpers.js'

/** The data every template sees at its root. */
export function pageContext(proceedings: Proceedings, root: Omit<PageRoot, 'language'>, extra: object = {}) {
  const {forum} = proceedings
  return {
    ...root,
    language: forum.language,
    labels: labelsFor(forum.language),
    forum,
    sessions: proceedings.sessions,
    speakers: proceedings.speakers,
    drafts: proceedings.drafts,
    ...extra
  }
}
