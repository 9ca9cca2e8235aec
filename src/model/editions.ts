import {countryName} from './countries.js'
import {labelsFor, withOverrides} from './labels.js'
import type {ForumTranslation, ParsedForum, ParsedTranslation} from './parsed-forum.js'
import {isOutOfDate, type ResolvedTranslations} from './rules/translations.js'
import type {Contribution, Edition, Forum, Person, Session, TranslationInfo} from './types.js'

/** The editions of a forum: one per language of `languages:`, the first at the site's root. */
export function editionsOf(forum: Forum): Edition[] {
  return forum.languages.map((language, index) => ({
    language,
    folder: index === 0 ? '' : `${language}/`,
    pdf: index === 0 ? 'proceedings.pdf' : `proceedings.${language}.pdf`
  }))
}

/**
 * The parsed forum as one edition shows it: the forum's words, concept notes
 * and contributions in the edition's language where a translation exists,
 * else as written. Contributions carry the list of their translations. An
 * original keeps its object where nothing changes for it, and a translated
 * one is made once per pair of original and translation, so that `serve`
 * renders again only what changed.
 */
export function editionParsed(
  parsed: ParsedForum,
  resolved: ResolvedTranslations,
  edition: Edition
): ParsedForum {
  const {language} = edition
  const forum = parsed.forum!
  const forumTranslation = parsed.forumTranslations.find((item) => item.value.language === language)?.value
  return {
    ...parsed,
    forum: {value: forumIn(forum.value, edition, forumTranslation), file: forum.file},
    sessions: parsed.sessions.map(({value, file}) => ({
      value: sessionIn(value, resolved.sessions.get(value)?.get(language), forum.value.language, language),
      file
    })),
    contributions: parsed.contributions.map(({value, file}) => ({
      value: contributionIn(value, resolved.contributions.get(value), language, forum.value.language),
      file
    }))
  }
}

function forumIn(
  forum: Forum,
  {language, folder}: Edition,
  translation: ForumTranslation | undefined
): Forum {
  if (language === forum.language && folder === '') return forum
  return {
    ...forum,
    language,
    // The edition's own pages are under its folder.
    url: forum.url && forum.url + folder,
    forewordLanguage: translation?.foreword.atRoot ? language : forum.forewordLanguage,
    forewordTranslation: translation?.foreword.atRoot
      ? {
          language,
          from: forum.forewordLanguage,
          source: translation.source,
          translators: translation.translators,
          machineTranslated: false,
          outOfDate: false
        }
      : undefined,
    title: translation?.title ?? forum.title,
    subtitle: translation?.subtitle ?? (translation?.title ? undefined : forum.subtitle),
    labels:
      language === forum.language
        ? forum.labels
        : withOverrides(labelsFor(language), translation?.labels ?? {}),
    foreword: translation?.foreword ?? forum.foreword
  }
}

const made = new WeakMap<object, Map<string, {from: unknown[]; value: unknown}>>()

/** What an edition's contribution was made from: its original, its translations, and the edition's language. */
const derivations = new WeakMap<
  Contribution,
  {original: Contribution; translations: ParsedTranslation[]; language: string}
>()

/**
 * What an edition's contribution was made from, when it is not the parsed
 * contribution itself: caches of what is rendered from a contribution key it
 * on these (see PageCache).
 */
export function derivationOf(
  contribution: Contribution
): {original: Contribution; translations: ParsedTranslation[]; language: string} | undefined {
  return derivations.get(contribution)
}

/** The value made from `from` for `key`, made again only when one of `from` is another object. */
function remembered<T>(owner: object, key: string, from: unknown[], make: () => T): T {
  let byKey = made.get(owner)
  if (!byKey) made.set(owner, (byKey = new Map()))
  const kept = byKey.get(key)
  if (kept && kept.from.length === from.length && kept.from.every((item, index) => item === from[index]))
    return kept.value as T
  const value = make()
  byKey.set(key, {from, value})
  return value
}

function infoOf(translation: ParsedTranslation, original: {version: string}, from: string): TranslationInfo {
  return {
    language: translation.language,
    from,
    source: translation.source,
    translators: translation.translators,
    machineTranslated: translation.machineTranslated,
    outOfDate: isOutOfDate(translation, original)
  }
}

function sessionIn(
  session: Session,
  translation: ParsedTranslation | undefined,
  forumLanguage: string,
  language: string
): Session {
  if (language === forumLanguage) return session
  return remembered(session, language, [translation], () => ({
    ...session,
    moderators: peopleIn(session.moderators, language),
    ...(translation?.conceptNote && {
      title: translation.title ?? session.title,
      ...translation.conceptNote,
      translation: infoOf(translation, session, forumLanguage)
    })
  }))
}

/** People with their countries named in the edition's language. */
function peopleIn(people: Person[], language: string): Person[] {
  return people.map((person) =>
    person.countryCode ? {...person, country: countryName(person.countryCode, language)} : person
  )
}

function contributionIn(
  contribution: Contribution,
  translations: Map<string, ParsedTranslation> | undefined,
  language: string,
  forumLanguage: string
): Contribution {
  const all = [...(translations?.values() ?? [])]
  const own = translations?.get(language)
  return remembered(contribution, language, all, () => {
    const list = all.map((translation) => infoOf(translation, contribution, contribution.language))
    const speakers =
      language === forumLanguage ? contribution.speakers : peopleIn(contribution.speakers, language)
    const made: Contribution = own
      ? {
          ...contribution,
          speakers,
          title: own.title ?? contribution.title,
          abstract: own.abstract ?? contribution.abstract,
          body: own.body ?? contribution.body,
          language: own.language,
          translation: list.find((info) => info.language === language),
          translations: list
        }
      : {...contribution, speakers, translations: list}
    derivations.set(made, {original: contribution, translations: all, language})
    return made
  })
}
