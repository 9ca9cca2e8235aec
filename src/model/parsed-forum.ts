import type {VFile} from '../content/content-file.js'
import type {Contribution, Forum, Session} from './types.js'

/** A parsed value with the file it came from, for messages. */
export interface FromFile<T> {
  value: T
  file: VFile
}

/** Everything read from the content folder, before cross-file rules and grouping. */
export interface ParsedForum {
  forum: FromFile<Forum> | undefined
  sessions: FromFile<Session>[]
  contributions: FromFile<Contribution>[]
  /** Ids of the sessions whose files failed to load: their own errors say why, contributions naming them are not reported again. */
  unreadSessions?: string[]
}
