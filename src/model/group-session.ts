import {partAnchor, sessionAnchor} from './anchors.js'
import type {Contribution, Group, GroupEntry, Session, SessionProceedings} from './types.js'

/**
 * Groups a session's contributions (already sorted) for display: one group
 * per guiding question, then the main question, then contributions with no
 * question, then the syntheses. A contribution is printed in full in the
 * first of its groups in that order and referenced in the others.
 */
export function groupSession(session: Session, sorted: Contribution[]): SessionProceedings {
  const anchor = sessionAnchor(session.id)
  const printed = new Set<Contribution>()
  const entriesFor = (members: Contribution[]): GroupEntry[] =>
    members.map((contribution) => {
      const full = !printed.has(contribution)
      printed.add(contribution)
      return {contribution, full}
    })

  const syntheses = sorted.filter((contribution) => contribution.type === 'synthesis')
  // Syntheses are printed in their own group: mark them first so question groups only refer to them.
  const synthesisEntries = entriesFor(syntheses)
  const discussed = sorted.filter((contribution) => contribution.type !== 'synthesis')

  const groups: Group[] = session.questions.map((question) => ({
    kind: 'question',
    question,
    anchor: partAnchor(anchor, `q${question.number}`),
    entries: entriesFor(sorted.filter((contribution) => contribution.questions.includes(question.number)))
  }))
  if (session.mainQuestion) {
    groups.push({
      kind: 'main',
      question: undefined,
      anchor: partAnchor(anchor, 'main'),
      entries: entriesFor(sorted.filter((contribution) => contribution.questions.includes('main')))
    })
  }
  const untagged = discussed.filter((contribution) => contribution.questions.length === 0)
  if (untagged.length > 0) {
    groups.push({
      kind: 'other',
      question: undefined,
      anchor: partAnchor(anchor, 'other'),
      entries: entriesFor(untagged)
    })
  }
  if (synthesisEntries.length > 0) {
    groups.push({
      kind: 'synthesis',
      question: undefined,
      anchor: partAnchor(anchor, 'synthesis'),
      entries: synthesisEntries
    })
  }

  const contributions = groups.flatMap((group) =>
    group.entries.filter((entry) => entry.full).map((entry) => entry.contribution)
  )
  const objectives = session.objectives.map((objective) => ({
    objective,
    contributions: contributions.filter((contribution) => contribution.objectives.includes(objective.number))
  }))
  return {session, anchor, groups, objectives, contributions}
}
