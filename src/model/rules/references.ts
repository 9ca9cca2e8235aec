import {fail, warn} from '../../content/content-file.js'
import {placeOf} from '../../content/parse-front-matter.js'
import {closest} from '../../util/closest.js'
import type {ParsedForum} from '../parsed-forum.js'

/** A contribution names a session that does not exist. */
export function unknownSession(forum: ParsedForum) {
  const ids = forum.sessions.map((session) => session.value.id)
  const unread = new Set(forum.unreadSessions)
  for (const {value, file} of forum.contributions) {
    if (ids.includes(value.sessionId) || unread.has(value.sessionId)) continue
    const suggestion = closest(value.sessionId, ids)
    fail(
      file,
      `Unknown session \`${value.sessionId}\`, expected one of: ${ids.length ? ids.map((id) => `\`${id}\``).join(', ') : '(no sessions)'}`,
      'unknown-session',
      placeOf(file, ['session']),
      suggestion
        ? `Did you mean \`${suggestion}\`?`
        : 'Session ids are the file names in sessions/ (or their `id:`).'
    )
  }
}

/** A contribution answers a question the session does not have, or `main` where there is no main question. */
export function questionOutOfRange(forum: ParsedForum) {
  const sessions = new Map(forum.sessions.map((session) => [session.value.id, session.value]))
  for (const {value, file} of forum.contributions) {
    const session = sessions.get(value.sessionId)
    if (!session) continue
    value.questions.forEach((question, index) => {
      // Positions re-read the front matter: only for a message.
      const at = () => placeOf(file, ['questions', index])
      if (question === 'main') {
        if (!session.mainQuestion) {
          fail(
            file,
            `Session \`${session.id}\` has no main question, found \`main\` in \`questions\``,
            'question-out-of-range',
            at(),
            session.questions.length
              ? `Tag a guiding question by number instead (1 to ${session.questions.length}).`
              : undefined
          )
        }
      } else if (question > session.questions.length) {
        fail(
          file,
          `Question ${question} out of range, session \`${session.id}\` has ${countOf(session.questions.length, 'guiding question')}`,
          'question-out-of-range',
          at(),
          session.questions.length
            ? `Use a number from 1 to ${session.questions.length}${session.mainQuestion ? ', or `main`' : ''}.`
            : undefined
        )
      }
    })
  }
}

/** A contribution serves an objective the session does not have. */
export function objectiveOutOfRange(forum: ParsedForum) {
  const sessions = new Map(forum.sessions.map((session) => [session.value.id, session.value]))
  for (const {value, file} of forum.contributions) {
    const session = sessions.get(value.sessionId)
    if (!session) continue
    value.objectives.forEach((objective, index) => {
      if (objective <= session.objectives.length) return
      fail(
        file,
        `Objective ${objective} out of range, session \`${session.id}\` has ${countOf(session.objectives.length, 'objective')}`,
        'objective-out-of-range',
        placeOf(file, ['objectives', index]),
        session.objectives.length ? `Use a number from 1 to ${session.objectives.length}.` : undefined
      )
    })
  }
}

/** The same question or objective listed twice in one contribution. */
export function repeatedReference(forum: ParsedForum) {
  for (const {value, file} of forum.contributions) {
    for (const key of ['questions', 'objectives'] as const) {
      const list: unknown[] = value[key]
      list.forEach((item, index) => {
        if (list.indexOf(item) !== index) {
          warn(
            file,
            `\`${String(item)}\` listed twice in \`${key}\``,
            'repeated-reference',
            placeOf(file, [key, index]),
            'Remove the second one.'
          )
        }
      })
    }
  }
}

function countOf(count: number, noun: string) {
  return count === 0 ? `no ${noun}s` : `${count} ${noun}${count === 1 ? '' : 's'} (1–${count})`
}
