import {fail, warn} from '../../content/content-file.js'
import {placeOf} from '../../content/parse-front-matter.js'
import {closest} from '../../util/closest.js'
import type {FromFile, ParsedForum, ParsedTranslation} from '../parsed-forum.js'
import type {Contribution, Session} from '../types.js'

/** The translations of each original, by language, as `resolveTranslations` finds them. */
export interface ResolvedTranslations {
  contributions: Map<Contribution, Map<string, ParsedTranslation>>
  sessions: Map<Session, Map<string, ParsedTranslation>>
}

/**
 * Finds each translation's original and keeps the first translation of an
 * original into a language. With `report`, adds a message to each file whose
 * translation is wrong: an original that does not exist, a second
 * translation into one language, a translation into the original's own
 * language or a language the forum does not publish, a concept note whose
 * objectives or questions differ from its original's, or an original changed
 * since the version the translation records.
 */
export function resolveTranslations(parsed: ParsedForum, report = false): ResolvedTranslations {
  const resolved: ResolvedTranslations = {contributions: new Map(), sessions: new Map()}
  const forum = parsed.forum?.value
  const found = {
    contribution: originals(parsed.contributions),
    session: originals(parsed.sessions)
  }
  for (const translation of parsed.translations) {
    const {value, file} = translation
    const originalsOfKind = found[value.of]
    const original =
      'source' in value.original
        ? originalsOfKind.bySource.get(value.original.source)
        : originalsOfKind.byId.get(value.original.id)
    if (!original) {
      // A named original that failed to parse has its own errors; an id that names nothing is this file's.
      if (report && 'id' in value.original) unknownOriginal(translation, [...originalsOfKind.byId.keys()])
      continue
    }
    const originalLanguage = 'language' in original.value ? original.value.language : forum?.language
    if (value.language === originalLanguage) {
      if (report)
        fail(
          file,
          `Translation into \`${value.language}\`, the language its original \`${original.value.source}\` is written in`,
          'translation-into-original-language',
          placeOf(file, ['language']),
          'A translation is into another language: correct its language or its original.'
        )
      continue
    }
    if (report && forum && !forum.languages.includes(value.language)) {
      warn(
        file,
        `Translation into \`${value.language}\`, which is not among the forum's editions (${forum.languages.map((tag) => `\`${tag}\``).join(', ')}): it is not published`,
        'translation-not-published',
        undefined,
        `Add \`${value.language}\` to \`languages\` in forum.md to publish an edition in it.`
      )
    }
    const byOriginal = (value.of === 'session' ? resolved.sessions : resolved.contributions) as Map<
      object,
      Map<string, ParsedTranslation>
    >
    const byLanguage = byOriginal.get(original.value) ?? new Map<string, ParsedTranslation>()
    const earlier = byLanguage.get(value.language)
    if (earlier) {
      if (report)
        fail(
          file,
          `Second translation of \`${original.value.source}\` into \`${value.language}\`, expected one (the other is \`${earlier.source}\`)`,
          'duplicate-translation',
          undefined,
          'Keep one of the two files.'
        )
      continue
    }
    if (value.conceptNote && report && !sameStructure(translation, original.value as Session)) continue
    if (report && value.originalVersion !== undefined && value.originalVersion !== original.value.version) {
      warn(
        file,
        `Out of date: \`${original.value.source}\` has changed since the version this translation was made from`,
        'translation-out-of-date',
        placeOf(file, ['original-version']),
        `Bring the translation up to date, then mark it so with \`proceedings translate ${original.value.source} --to ${value.language} --update\` (it sets \`original-version: ${original.value.version}\`).`
      )
    }
    byLanguage.set(value.language, value)
    byOriginal.set(original.value, byLanguage)
  }
  if (report && forum) forumTranslationRules(parsed)
  return resolved
}

/** The rule form of resolveTranslations, for the list of cross-file rules. */
export function checkTranslations(parsed: ParsedForum) {
  resolveTranslations(parsed, true)
}

/** Whether a translation is out of date: it records a version, and its original is now another. */
export function isOutOfDate(translation: ParsedTranslation, original: {version: string}): boolean {
  return translation.originalVersion !== undefined && translation.originalVersion !== original.version
}

function originals<T extends Contribution | Session>(items: FromFile<T>[]) {
  return {
    bySource: new Map(items.map((item) => [item.value.source, item])),
    byId: new Map(items.map((item) => [item.value.id, item]))
  }
}

function unknownOriginal({value, file}: FromFile<ParsedTranslation>, ids: string[]) {
  const id = 'id' in value.original ? value.original.id : ''
  const suggestion = closest(id, ids)
  fail(
    file,
    `Unknown original \`${id}\` in \`translation-of\`, expected the id of a ${value.of === 'session' ? 'session' : 'contribution'}`,
    'unknown-original',
    placeOf(file, ['translation-of']),
    suggestion
      ? `Did you mean \`${suggestion}\`?`
      : 'An id is the file name without .md (or its `id:`); or name the translation `<original>.<lang>.md` beside it.'
  )
}

/** A translated concept note has its original's objectives and questions, numbered alike: else an error naming both files. */
function sameStructure({value, file}: FromFile<ParsedTranslation>, original: Session): boolean {
  const note = value.conceptNote!
  const shape = (parts: {
    objectives: unknown[]
    questions: {round: number | null}[]
    mainQuestion: unknown
  }) =>
    `${parts.objectives.length} objective${parts.objectives.length === 1 ? '' : 's'}, ${parts.questions.length} guiding question${parts.questions.length === 1 ? '' : 's'}${parts.questions.some((question) => question.round !== null) ? ` (rounds ${parts.questions.map((question) => question.round ?? '-').join(' ')})` : ''} and ${parts.mainQuestion ? 'a' : 'no'} main question`
  const mine = shape(note)
  const theirs = shape(original)
  if (mine === theirs) return true
  fail(
    file,
    `Different questions from its original: this translation has ${mine}, \`${original.source}\` has ${theirs}`,
    'translation-structure-mismatch',
    undefined,
    'Translate every objective and question of the original, in the same lists, rounds and order: contributions refer to them by number.'
  )
  return false
}

/** `forum.<lang>.md` in a language the forum does not publish, or in forum.md's own. */
function forumTranslationRules(parsed: ParsedForum) {
  const forum = parsed.forum!.value
  for (const {value, file} of parsed.forumTranslations) {
    if (value.language === forum.language) {
      warn(
        file,
        `\`${file.data.source}\` is in forum.md's own language \`${forum.language}\`: it is not used`,
        'translation-into-original-language',
        undefined,
        'Write the forum in its language in forum.md, or delete this file.'
      )
    } else if (!forum.languages.includes(value.language)) {
      warn(
        file,
        `Forum translation into \`${value.language}\`, which is not among the forum's editions: it is not published`,
        'translation-not-published',
        undefined,
        `Add \`${value.language}\` to \`languages\` in forum.md to publish an edition in it.`
      )
    }
  }
}
