import path from 'node:path'
import type {z} from 'zod'
import {contributionSchema, sessionSchema} from '../content/schema.js'
import {ExitCode, UserError} from '../errors.js'
import {titlePlaceholder} from '../import/import-concept-note.js'
import type {QuestionRef, Session} from '../model/types.js'
import {closest} from '../util/closest.js'
import {contributionText} from './contribution-text.js'
import {readForumOutline} from './forum-outline.js'
import {sessionText} from './session-text.js'
import {writeNewFile} from './write-new-file.js'

export interface NewFileResult {
  /** Path relative to the content folder, such as `sessions/plenary.md`. */
  source: string
  /** The content folder as given, joined with `source`. */
  path: string
}

export interface NewSessionOptions {
  title?: string
}

export interface NewContributionOptions {
  session: string
  /** Question numbers, or `main`, that the contribution answers. */
  questions?: QuestionRef[]
  speakers?: string[]
  title?: string
  /** Default: a slug of the title, else `contribution-<n>` with the first free n. */
  id?: string
}

export const contributionTitlePlaceholder = 'TODO: contribution title'
export const speakerPlaceholder = 'TODO: speaker name'

/**
 * Writes `sessions/<id>.md`, a concept note to fill in; without an id, one made from the title, else
 * `session-<n>` with the first free n. Refuses an invalid id, or one a session already has.
 */
export async function newSession(
  dir: string,
  id: string | undefined,
  options: NewSessionOptions = {}
): Promise<NewFileResult> {
  if (id !== undefined) checkId(id, sessionSchema.shape.id, 'session')
  const outline = await readForumOutline(dir)
  const title = singleLine(options.title, '--title')
  const taken = (other: string) =>
    outline.sessions.some((session) => session.id === other || session.source === `sessions/${other}.md`)
  const chosen =
    id ??
    (title && slugOf(title)) ??
    firstFree(
      (n) => `session-${n}`,
      (other) => !taken(other)
    )
  const existing = outline.sessions.find((session) => session.id === chosen)
  if (existing) {
    throw new UserError(`Session \`${chosen}\` already exists: ${existing.source}`, {
      exitCode: ExitCode.usage,
      hint:
        id === undefined
          ? 'Give the new session another id: `proceedings new session <id>`.'
          : 'Choose another id, or edit that file.'
    })
  }
  const source = `sessions/${chosen}.md`
  await writeNewFile(
    dir,
    source,
    sessionText({title: title ?? titlePlaceholder, id: chosen, source}),
    'Choose another id, or edit that file.'
  )
  return {source, path: path.join(dir, source)}
}

/**
 * Writes `contributions/<session>/<id>.md`, a contribution to fill in. Refuses
 * an unknown session, a question the session does not have, and an id in use.
 */
export async function newContribution(dir: string, options: NewContributionOptions): Promise<NewFileResult> {
  if (options.id !== undefined) checkId(options.id, contributionSchema.shape.id, 'contribution')
  const outline = await readForumOutline(dir)
  const session = findSession(outline.sessions, options.session, dir)
  const questions = [...new Set(options.questions ?? [])]
  for (const question of questions) checkQuestion(session, question)

  const title = singleLine(options.title, '--title')
  const speakers = (options.speakers ?? []).map((name) => singleLine(name, '--speaker')!)
  const used = new Set(outline.contributionIds.values())
  const folder = `contributions/${session.id}`
  const free = (id: string) => !outline.contributionIds.has(id) && !used.has(`${folder}/${id}.md`)
  const id = options.id ?? (title && slugOf(title)) ?? firstFree((n) => `contribution-${n}`, free)
  const other = outline.contributionIds.get(id)
  if (other) {
    throw new UserError(`Contribution id \`${id}\` is already used by ${path.join(dir, other)}`, {
      exitCode: ExitCode.usage,
      hint: 'Contribution ids are unique in the whole forum: pass another --id.'
    })
  }

  const source = `${folder}/${id}.md`
  const text = contributionText({
    title: title ?? contributionTitlePlaceholder,
    session,
    speakers: speakers.length ? speakers : [speakerPlaceholder],
    questions,
    id,
    source,
    forumLanguage: outline.language,
    body: 'The contribution, in Markdown.'
  })
  await writeNewFile(dir, source, text, 'Pass another --id.')
  return {source, path: path.join(dir, source)}
}

/** `3 guiding questions (1–3) and a main question`. */
export function describeQuestions(session: Pick<Session, 'questions' | 'mainQuestion'>): string {
  const count = session.questions.length
  const guiding =
    count === 0
      ? 'no guiding questions'
      : count === 1
        ? '1 guiding question'
        : `${count} guiding questions (1–${count})`
  return `${guiding} and ${session.mainQuestion ? 'a main question' : 'no main question'}`
}

function findSession(sessions: Session[], id: string, dir: string): Session {
  const session = sessions.find((candidate) => candidate.id === id)
  if (session) return session
  const ids = sessions.map((candidate) => candidate.id)
  const create = `Create it with \`proceedings new session ${id} --dir ${dir}\`.`
  if (ids.length === 0)
    throw new UserError(`Unknown session \`${id}\`, ${dir} has no sessions yet`, {
      exitCode: ExitCode.usage,
      hint: create
    })
  const suggestion = closest(id, ids)
  throw new UserError(
    `Unknown session \`${id}\`, expected one of: ${ids.map((known) => `\`${known}\``).join(', ')}`,
    {
      exitCode: ExitCode.usage,
      hint: suggestion ? `Did you mean \`${suggestion}\`?` : create
    }
  )
}

function checkQuestion(session: Session, question: QuestionRef) {
  const count = session.questions.length
  const numbers = count === 1 ? '1' : `a number from 1 to ${count}`
  const valid = count
    ? `Use ${numbers}${session.mainQuestion ? ', or `main`' : ''}.`
    : session.mainQuestion
      ? 'Use `main`.'
      : undefined
  if (question === 'main') {
    if (session.mainQuestion) return
    throw new UserError(
      `No main question in session \`${session.id}\`: it has ${describeQuestions(session)}`,
      {exitCode: ExitCode.usage, hint: valid}
    )
  }
  if (!Number.isInteger(question) || question < 1) {
    throw new UserError(`Invalid question \`${String(question)}\`, expected a question number or \`main\``, {
      exitCode: ExitCode.usage
    })
  }
  if (question > count) {
    throw new UserError(
      `Question ${question} out of range, session \`${session.id}\` has ${describeQuestions(session)}`,
      {exitCode: ExitCode.usage, hint: valid}
    )
  }
}

/** Validates an id with the schema's own rule, so that the written file passes `check`. */
function checkId(id: string, rule: z.ZodType, what: string) {
  const result = rule.safeParse(id)
  if (result.success) return
  throw new UserError(`Invalid ${what} id \`${id}\`: ${result.error.issues[0]?.message ?? 'not an id'}`, {
    exitCode: ExitCode.usage,
    hint: 'Start with a letter or digit, then letters, digits, `.`, `_` or `-`, with no spaces.'
  })
}

/** Text for one front-matter line: white space folded; empty text is a usage error. */
function singleLine(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined
  const folded = value.replace(/\s+/g, ' ').trim()
  if (!folded) throw new UserError(`Empty ${option}, expected some text`, {exitCode: ExitCode.usage})
  return folded
}

/** `Économie sociale: 2021!` → `economie-sociale-2021`, or undefined when nothing is left. */
function slugOf(title: string): string | undefined {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '')
  return slug || undefined
}

function firstFree(name: (n: number) => string, free: (id: string) => boolean): string {
  let n = 1
  while (!free(name(n))) n++
  return name(n)
}
