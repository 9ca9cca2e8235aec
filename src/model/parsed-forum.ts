import type {VFile} from '../content/content-file.js'
import type {HtmlFragment} from './markdown.js'
import type {ConceptNote} from './parse-session.js'
import type {Contribution, Forum, Person, Session} from './types.js'

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
  /** Translations of contributions and concept notes. */
  translations: FromFile<ParsedTranslation>[]
  /** `forum.<lang>.md` files. */
  forumTranslations: FromFile<ForumTranslation>[]
  /** Ids of the sessions whose files failed to load: their own errors say why, contributions naming them are not reported again. */
  unreadSessions?: string[]
}

/** A translation file, read: its original is found when the forum is linked. */
export interface ParsedTranslation {
  kind: 'translation'
  /** Of a contribution or of a concept note. */
  of: 'contribution' | 'session'
  /** The original, by its file (a translation named `<name>.<lang>.md` beside it) or by its id (`translation-of`). */
  original: {source: string} | {id: string}
  language: string
  title: string | undefined
  abstract: string | undefined
  translators: Person[]
  machineTranslated: boolean
  /** The version of the original it translates, when recorded. */
  originalVersion: string | undefined
  /** A contribution's translated text. */
  body: HtmlFragment | undefined
  /** A concept note's translated parts. */
  conceptNote: ConceptNote | undefined
  /** Path relative to the content folder. */
  source: string
}

/** `forum.<lang>.md`: the forum's words in one edition's language. */
export interface ForumTranslation {
  language: string
  title: string | undefined
  subtitle: string | undefined
  /** Label overrides, flattened as `labels:` of forum.md is. */
  labels: Record<string, string>
  foreword: HtmlFragment
  translators: Person[]
  source: string
}
