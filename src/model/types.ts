import type {ContributionType, PersonMatter} from '../content/schema.js'
import type {Labels} from './labels.js'
import type {HtmlFragment} from './markdown.js'
import type {Asset} from './resolve-images.js'

/** A person; `country` is printed as is, and `countryCode` is its ISO 3166-1 code when it names a known country. */
export type Person = PersonMatter & {countryCode?: string}

export interface Forum {
  title: string
  subtitle: string | undefined
  date: string | undefined
  language: string
  /** The language forum.md and the concept notes are written in: `language`, whichever edition shows them. */
  textLanguage: string
  /** The editions' languages, the first published at the site's root: `languages:`, or `language` alone. */
  languages: string[]
  organizers: string[]
  /** The site's public address, ending with `/`. */
  url: string | undefined
  publisher: string | undefined
  place: string | undefined
  isbn: string | undefined
  doi: string | undefined
  /** SPDX license id. */
  license: string | undefined
  /** Who deposits DOIs with Crossref. */
  depositor: {name: string; email: string} | undefined
  /** Printed labels: the built-in ones for the language, with the forum's overrides. */
  labels: Labels
  foreword: HtmlFragment
  /** The language the foreword is shown in: the forum's, or that of the edition's `forum.<lang>.md`. */
  forewordLanguage: string
  /** The foreword's translation into the edition's language, with its translators, when `forum.<lang>.md` gives one. */
  forewordTranslation: TranslationInfo | undefined
  /** Whether a question no contribution answers keeps its group, saying so, or is left out. */
  emptyQuestions: 'show' | 'omit'
}

export type SectionKind =
  'summary' | 'concept-note' | 'objectives' | 'main-question' | 'guiding-questions' | 'other'

/** A part of a concept note, in document order. */
export interface Section {
  kind: SectionKind
  /** The heading as written, or undefined for text before the first heading. */
  heading: string | undefined
  /** The section's own text (for objectives and questions: what stands around the lists). */
  body: HtmlFragment
}

export interface Objective {
  number: number
  text: string
  html: HtmlFragment
}

export interface Question {
  number: number
  round: number | null
  text: string
  html: HtmlFragment
}

export interface MainQuestion {
  text: string
  html: HtmlFragment
}

export interface Session {
  id: string
  title: string
  date: string | undefined
  order: number | undefined
  moderators: Person[]
  /** Plain text of the Summary section, or empty. */
  summary: string
  sections: Section[]
  objectives: Objective[]
  mainQuestion: MainQuestion | null
  questions: Question[]
  /** Path relative to the content folder. */
  source: string
  /** The version of its text that translations record (see versionOf). */
  version: string
  /** Set when an edition shows the concept note in a translation. */
  translation?: TranslationInfo
}

/** A translation of a contribution or concept note. */
export interface TranslationInfo {
  /** The translation's language. */
  language: string
  /** The original's language. */
  from: string
  /** The translation's file, relative to the content folder. */
  source: string
  translators: Person[]
  machineTranslated: boolean
  /** The original changed since the version this translates. */
  outOfDate: boolean
}

export type QuestionRef = number | 'main'

export interface Contribution {
  id: string
  title: string
  sessionId: string
  speakers: Person[]
  objectives: number[]
  questions: QuestionRef[]
  type: ContributionType
  language: string
  date: string | undefined
  order: number | undefined
  draft: boolean
  doi: string | undefined
  /** Plain text. */
  abstract: string | undefined
  keywords: string[]
  body: HtmlFragment
  /** Path relative to the content folder. */
  source: string
  /** HTML anchor, unique in the whole volume. */
  anchor: string
  /** The version of its text that translations record (see versionOf). */
  version: string
  /** Set when an edition shows the contribution in a translation: `language` is then the translation's. */
  translation?: TranslationInfo
  /** Every translation of it, set when the forum has more than one edition. */
  translations?: TranslationInfo[]
}

export type GroupKind = 'question' | 'main' | 'other' | 'synthesis'

/** A contribution in a group: printed in full, or a reference to where it is printed. */
export interface GroupEntry {
  contribution: Contribution
  full: boolean
}

export interface Group {
  kind: GroupKind
  /** The question of a `question` group. */
  question: Question | undefined
  anchor: string
  entries: GroupEntry[]
  /** The contributions of `entries` printed in full in another group, which this group refers to. */
  references: Contribution[]
}

export interface ObjectiveIndexEntry {
  objective: Objective
  contributions: Contribution[]
}

export interface SessionProceedings {
  session: Session
  anchor: string
  /** Question groups in order, then main, other and synthesis groups (those not empty, but question groups always). */
  groups: Group[]
  objectives: ObjectiveIndexEntry[]
  /** Contributions printed in full, in display order: each once. */
  contributions: Contribution[]
}

export interface SpeakerEntry {
  name: string
  affiliations: string[]
  countries: string[]
  anchor: string
  contributions: Contribution[]
}

export interface CountryEntry {
  name: string
  anchor: string
  speakers: SpeakerEntry[]
  /** The contributions in which a speaker gave this country, each once, in display order. */
  contributions: Contribution[]
}

/** One language edition of the volume. */
export interface Edition {
  language: string
  /** Where its site stands in the output: `''` for the first edition, else `<lang>/`. */
  folder: string
  /** Its PDF's file name: `proceedings.pdf` for the first edition, else `proceedings.<lang>.pdf`. */
  pdf: string
}

/** The validated, grouped forum that every renderer receives: one edition of it. */
export interface Proceedings {
  forum: Forum
  /** The edition these proceedings are, and every edition of the forum (one unless `languages:` names more). */
  edition: Edition
  editions: Edition[]
  sessions: SessionProceedings[]
  speakers: SpeakerEntry[]
  countries: CountryEntry[]
  /** Every file the pages refer to, once. */
  assets: Asset[]
  /** Whether draft contributions are included. */
  drafts: boolean
  /** When the proceedings were built (`SOURCE_DATE_EPOCH` when set), as an ISO timestamp. */
  builtAt: string
}
