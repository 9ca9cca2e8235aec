import * as z from 'zod'
import {canonicalLanguage} from './language-tag.js'

/**
 * The one schema of front matter. TypeScript types, validation and the
 * documented list of keys all derive from it.
 */

const text = z.preprocess(
  (value) => (typeof value === 'number' ? String(value) : value),
  z.string().trim().min(1)
)

// The pattern stops the checks when it fails, so that a wrong date is one message.
const calendarDate = z.string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, {message: 'Expected a calendar date written YYYY-MM-DD', abort: true})
  .refine(isCalendarDate, {message: 'Expected a calendar date written YYYY-MM-DD'})

// Written in its canonical form (`en-us` → `en-US`), as HTML's `lang` and the PDF's metadata expect.
const language = z.string()
  .refine((value) => canonicalLanguage(value) !== undefined, {message: 'Expected a BCP 47 language tag such as `en`, `es` or `fr-CA`'})
  .transform((value) => canonicalLanguage(value)!)

const order = z.number().finite()

const identifier = z.string().regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u, {
  message: 'Expected an id made of letters, digits, `.`, `_` or `-`'
})

export const personSchema = z.object({
  name: text,
  affiliation: text.optional(),
  country: text.optional(),
  role: text.optional()
})

/** A person is a mapping with a `name`, or just the name as text. */
const person = z.preprocess(
  (value) => (typeof value === 'string' ? {name: value} : value),
  personSchema
)

/** A single value where a list is expected is read as a list of one. */
function listOf<T extends z.ZodType>(item: T, min = 0) {
  return z.preprocess((value) => (value === null || value === undefined || Array.isArray(value) ? value : [value]), z.array(item).min(min))
}

export const forumSchema = z.object({
  title: text,
  subtitle: text.optional(),
  date: calendarDate.optional(),
  language: language.default('en'),
  organizers: listOf(text).default([]),
  /** Overrides of the printed labels: `contents: Sommaire`, `types: {keynote: …}`. */
  labels: z.record(z.string(), z.union([text, z.record(z.string(), text)])).default({})
})

export const sessionSchema = z.object({
  title: text,
  id: identifier.optional(),
  date: calendarDate.optional(),
  order: order.optional(),
  moderators: listOf(person).default([])
})

export const contributionTypes = ['intervention', 'keynote', 'panel', 'written', 'chat', 'synthesis'] as const

const questionRef = z.union([z.number().int().positive(), z.literal('main')])

export const contributionSchema = z.object({
  title: text,
  session: z.preprocess((value) => (typeof value === 'number' ? String(value) : value), z.string().min(1)),
  speakers: listOf(person, 1),
  objectives: listOf(z.number().int().positive()).default([]),
  questions: listOf(questionRef).default([]),
  type: z.enum(contributionTypes).default('intervention'),
  language: language.optional(),
  date: calendarDate.optional(),
  order: order.optional(),
  id: identifier.optional(),
  draft: z.boolean().default(false)
})

export type ForumMatter = z.output<typeof forumSchema>
export type SessionMatter = z.output<typeof sessionSchema>
export type ContributionMatter = z.output<typeof contributionSchema>
export type PersonMatter = z.output<typeof personSchema>
export type ContributionType = (typeof contributionTypes)[number]

/** What each key holds, in words, for messages about a wrong value. */
export const expectations: Record<string, string> = {
  title: 'text',
  subtitle: 'text',
  session: 'a session id',
  speakers: 'a list of people, each with a `name`',
  moderators: 'a list of people, each with a `name`',
  organizers: 'a list of names',
  name: 'text',
  affiliation: 'text',
  country: 'text',
  role: 'text',
  objectives: 'a list of objective numbers',
  questions: 'a list of question numbers or `main`',
  type: `one of ${contributionTypes.join(', ')}`,
  language: 'a language tag such as `en`',
  date: 'a date written YYYY-MM-DD',
  order: 'a number',
  id: 'an id',
  draft: '`true` or `false`',
  labels: 'a mapping of label names to text'
}

export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  // setUTCFullYear, unlike Date.UTC, keeps the years 0–99 as written.
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}
