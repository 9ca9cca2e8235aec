import {partAnchor, sessionAnchor} from './anchors.js'
import type {Contribution, Group, GroupEntry, Question, Session, SessionProceedings} from './types.js'

export interface GroupOptions {
  /** Whether a question no contribution answers keeps its group (which says so) or has none. */
  emptyQuestions: 'show' | 'omit'
}

/**
 * Groups a session's contributions (already sorted) for display: one group
 * per guiding question, then the main question, then contributions with no
 * question, then the syntheses. A contribution is printed in full in the
 * first of its groups in that order and referenced in the others.
 */
export function groupSession(
  session: Session,
  sorted: Contribution[],
  options: GroupOptions = {emptyQuestions: 'show'}
): SessionProceedings {
  const anchor = sessionAnchor(session.id)
  const printed = new Set<Contribution>()
  const group = (kind: Group['kind'], part: string, members: Contribution[], question?: Question): Group => {
    const entries: GroupEntry[] = members.map((contribution) => {
      const full = !printed.has(contribution)
      printed.add(contribution)
      return {contribution, full}
    })
    const references = entries.filter((entry) => !entry.full).map((entry) => entry.contribution)
    return {kind, question, anchor: partAnchor(anchor, part), entries, references}
  }

  // Syntheses are printed in their own group: make it first so question groups only refer to them.
  const syntheses = group(
    'synthesis',
    'synthesis',
    sorted.filter((contribution) => contribution.type === 'synthesis')
  )
  const discussed = sorted.filter((contribution) => contribution.type !== 'synthesis')

  const groups: Group[] = session.questions.map((question) =>
    group(
      'question',
      `q${question.number}`,
      sorted.filter((contribution) => contribution.questions.includes(question.number)),
      question
    )
  )
  if (session.mainQuestion)
    groups.push(
      group(
        'main',
        'main',
        sorted.filter((contribution) => contribution.questions.includes('main'))
      )
    )
  const untagged = discussed.filter((contribution) => contribution.questions.length === 0)
  if (untagged.length > 0) groups.push(group('other', 'other', untagged))
  if (syntheses.entries.length > 0) groups.push(syntheses)

  const shown = options.emptyQuestions === 'omit' ? groups.filter((item) => item.entries.length > 0) : groups
  const contributions = shown.flatMap((item) =>
    item.entries.filter((entry) => entry.full).map((entry) => entry.contribution)
  )
  const objectives = session.objectives.map((objective) => ({
    objective,
    contributions: contributions.filter((contribution) => contribution.objectives.includes(objective.number))
  }))
  return {session, anchor, groups: shown, objectives, contributions}
}
