import type {Asset} from './resolve-images.js'
import type {ParsedForum} from './parsed-forum.js'
import {duplicateContributionId, duplicateSessionId} from './rules/duplicate-ids.js'
import {
  objectiveOutOfRange,
  questionOutOfRange,
  repeatedReference,
  unknownSession
} from './rules/references.js'
import {groupSession} from './group-session.js'
import {checkTranslations, resolveTranslations} from './rules/translations.js'
import {editionParsed, editionsOf} from './editions.js'
import {indexCountries, indexSpeakers} from './index-speakers.js'
import {contributionComparator, sessionComparator} from './sort-contributions.js'
import type {Edition, Proceedings} from './types.js'

/** Cross-file rules, each adding messages to the files concerned. */
export const rules = [
  duplicateSessionId,
  duplicateContributionId,
  unknownSession,
  questionOutOfRange,
  objectiveOutOfRange,
  repeatedReference,
  checkTranslations
]

export interface LinkOptions {
  /** Include contributions marked `draft: true`. */
  drafts: boolean
  /** The build time, printed on drafts. */
  builtAt: Date
}

/** Applies the cross-file rules. Pure: reads no file, only adds messages. */
export function checkReferences(parsed: ParsedForum) {
  for (const rule of rules) rule(parsed)
}

/**
 * Groups the parsed forum into proceedings: sessions in order, each with its
 * question groups and objectives index, the speakers index and the assets.
 * Expects `checkReferences` to have passed without errors.
 */
export function linkProceedings(parsed: ParsedForum, options: LinkOptions): Proceedings | undefined {
  return linkEditions(parsed, options)[0]
}

/**
 * The proceedings of every edition, the first one's first: one per language
 * of `languages:`, each showing the translations into its language, and the
 * other texts in their own.
 */
export function linkEditions(parsed: ParsedForum, options: LinkOptions): Proceedings[] {
  if (!parsed.forum) return []
  const editions = editionsOf(parsed.forum.value)
  if (editions.length === 1) return [linkEdition(parsed, options, editions[0]!, editions)]
  const resolved = resolveTranslations(parsed)
  return editions.map((edition) =>
    linkEdition(editionParsed(parsed, resolved, edition), options, edition, editions)
  )
}

function linkEdition(
  parsed: ParsedForum,
  options: LinkOptions,
  edition: Edition,
  editions: Edition[]
): Proceedings {
  const forum = parsed.forum!.value
  const byContribution = contributionComparator(forum.language)
  const included = parsed.contributions
    .map((item) => item.value)
    .filter((contribution) => options.drafts || !contribution.draft)

  const sessions = parsed.sessions
    .map((item) => item.value)
    .sort(sessionComparator(forum.language))
    .map((session) =>
      groupSession(
        session,
        included.filter((contribution) => contribution.sessionId === session.id).sort(byContribution),
        {emptyQuestions: forum.emptyQuestions}
      )
    )

  const assets = new Map<string, Asset>()
  const fragments = [
    forum.foreword,
    ...sessions.flatMap(({session, contributions}) => [
      ...session.sections.map((section) => section.body),
      ...session.objectives.map((objective) => objective.html),
      ...session.questions.map((question) => question.html),
      ...(session.mainQuestion ? [session.mainQuestion.html] : []),
      ...contributions.map((contribution) => contribution.body)
    ])
  ]
  for (const fragment of fragments) {
    for (const asset of fragment.assets) {
      // Targets are named by the bytes' hash: one target is one content, whichever file it came from.
      if (!assets.has(asset.target)) assets.set(asset.target, asset)
    }
  }

  const speakers = indexSpeakers(sessions, forum.language)
  return {
    forum,
    edition,
    editions,
    sessions,
    speakers,
    countries: indexCountries(sessions, speakers, forum.language),
    assets: [...assets.values()].sort((a, b) => (a.target < b.target ? -1 : 1)),
    drafts: options.drafts,
    builtAt: options.builtAt.toISOString()
  }
}
