import type {z} from 'zod'
import {fail, warn, type VFile} from './content-file.js'
import {describe, placeOf} from './parse-front-matter.js'
import {contributionTypes, expectations, personSchema} from './schema.js'
import {languageName, suggestLanguage} from './language-tag.js'
import {dateHint} from './suggest-date.js'
import {closest} from '../util/closest.js'
import {orcidCheckDigit, orcidShape, spdxLicenseIds} from './identifiers.js'

/**
 * Validates a file's front matter against a schema. Every problem becomes a
 * message pointing at the offending key; unknown keys are warnings that
 * suggest the nearest known key. Returns the typed data, or undefined.
 */
export function validateMatter<Schema extends z.ZodObject>(
  file: VFile,
  schema: Schema
): z.output<Schema> | undefined {
  const data = file.data.matter ?? {}
  warnUnknownKeys(file, data, Object.keys(schema.shape), [])
  for (const list of ['speakers', 'moderators'] as const) {
    const people = data[list]
    if (list in schema.shape && Array.isArray(people)) {
      people.forEach((person, index) => {
        if (person && typeof person === 'object' && !Array.isArray(person)) {
          warnUnknownKeys(file, person as Record<string, unknown>, Object.keys(personSchema.shape), [
            list,
            index
          ])
        }
      })
    }
  }

  const result = schema.safeParse(data)
  if (result.success) return result.data

  for (const issue of result.error.issues) {
    const {keyPath, value} = locate(data, issue.path as PropertyKey[])
    const key = String(keyPath.filter((segment) => typeof segment === 'string').at(-1) ?? '')
    const shown = formatPath(keyPath)
    let reason: string
    if (issue.code === 'invalid_type' && value === undefined) {
      reason = `Missing required key \`${shown}\``
      fail(
        file,
        reason,
        'missing-key',
        placeOf(file, keyPath.slice(0, -1)),
        `Add \`${key}:\` with ${expectations[key] ?? 'a value'}.`
      )
      continue
    }
    if (key === 'orcid' && typeof value === 'string') {
      orcidMessage(file, data, keyPath, value)
      continue
    }
    if (issue.code === 'too_small' && Array.isArray(value)) {
      reason = `Expected at least one entry in \`${shown}\`, found an empty list`
    } else if (issue.code === 'invalid_value' || issue.code === 'invalid_union') {
      const expected = (typeof keyPath.at(-1) === 'number' && itemExpectations[key]) || expectations[key]
      reason = `Expected \`${shown}\` to be ${expected ?? 'another value'}, found ${describe(value)}`
    } else if (issue.code === 'custom' || issue.code === 'invalid_format') {
      reason = `${issue.message} in \`${shown}\`, found ${describe(value)}`
    } else {
      reason = `Expected \`${shown}\` to be ${expectations[key] ?? issue.message}, found ${describe(value)}`
    }
    fail(file, reason, 'invalid-value', placeOf(file, keyPath), hintFor(key, value))
  }
  return undefined
}

/** A wrong ORCID iD names the person it belongs to: the lists of people are long. */
function orcidMessage(file: VFile, data: Record<string, unknown>, keyPath: PropertyKey[], value: string) {
  const person = locate(data, keyPath.slice(0, -1)).value as {name?: unknown}
  const list = String(keyPath[0]) === 'moderators' ? 'moderator' : 'speaker'
  const who = typeof person?.name === 'string' ? `${list} \`${person.name}\`` : `\`${formatPath(keyPath)}\``
  const id = orcidShape(value)
  if (id) {
    fail(
      file,
      `Invalid ORCID iD of ${who}: expected the check digit \`${orcidCheckDigit(id)}\` at its end, found \`${id}\``,
      'invalid-orcid',
      placeOf(file, keyPath),
      `The last character of an ORCID iD is computed from the other 15 digits (ISO 7064 MOD 11-2), so a digit is mistyped: copy the iD from the person's record on https://orcid.org/.`
    )
    return
  }
  fail(
    file,
    `Invalid ORCID iD of ${who}: expected 16 digits written 0000-0000-0000-0000 (the last may be X), found ${describe(value)}`,
    'invalid-orcid',
    placeOf(file, keyPath),
    "Write the iD as shown on the person's ORCID record, such as `orcid: 0000-0002-1825-0097`."
  )
}

/** What one item of a list holds, for a wrong item. */
const itemExpectations: Record<string, string> = {
  questions: 'a question number or `main`',
  objectives: 'an objective number'
}

/** What to write instead of a wrong value, converted from it where it can be. */
function hintFor(key: string, value: unknown): string | undefined {
  if (key === 'date') return dateHint(key, value)
  if (key === 'language' && typeof value === 'string') {
    const tag = suggestLanguage(value)
    const name = tag && languageName(tag)
    return tag
      ? `Write \`language: ${tag}\`${name ? ` (${name})` : ''}: a language code, not a name.`
      : 'Write a BCP 47 language code, such as `en`, `es` or `fr-CA`.'
  }
  if ((key === 'questions' || key === 'objectives') && typeof value === 'string') {
    const word = value.trim()
    if (key === 'questions' && word.toLowerCase() === 'main')
      return 'Did you mean `main`? It is written in lower case.'
    const number = /^(?:[a-z]+\.?\s*)?(\d+)$/i.exec(word)?.[1]
    if (number) return `Write the number alone: \`${key}: [${Number(number)}]\`.`
  }
  if (key === 'license' && typeof value === 'string') {
    const suggestion = closest(value, [...spdxLicenseIds])
    return `${suggestion ? `Did you mean \`${suggestion}\`? ` : ''}The ids are listed at https://spdx.org/licenses/.`
  }
  if (key === 'type' && typeof value === 'string') {
    const suggestion = closest(value.toLowerCase(), [...contributionTypes])
    if (suggestion) return `Did you mean \`${suggestion}\`?`
  }
  return undefined
}

/** Keys of an original that a translation takes from it: set in a translation, they say so. */
const fromTheOriginal = [
  'session',
  'speakers',
  'moderators',
  'questions',
  'objectives',
  'type',
  'date',
  'order',
  'id',
  'keywords',
  'doi'
]

function warnUnknownKeys(file: VFile, data: Record<string, unknown>, known: string[], prefix: PropertyKey[]) {
  for (const key of Object.keys(data)) {
    if (known.includes(key)) continue
    if (prefix.length === 0 && known.includes('original-version') && fromTheOriginal.includes(key)) {
      warn(
        file,
        `Unused key \`${key}\` in a translation: it is taken from the original`,
        'unknown-key',
        placeOf(file, [key], {key: true}),
        `A translation sets only ${known.map((name) => `\`${name}\``).join(', ')}: remove \`${key}\`, or change it in the original.`
      )
      continue
    }
    const suggestion = closest(key, known)
    warn(
      file,
      `Unknown key \`${formatPath([...prefix, key])}\`${suggestion ? `, did you mean \`${suggestion}\`?` : ''}`,
      'unknown-key',
      placeOf(file, [...prefix, key], {key: true}),
      `Known keys: ${known.join(', ')}.`
    )
  }
}

/**
 * The value an issue is about, and its path in the data as written. A single
 * value given where a list is expected was wrapped in a list before
 * validation: the index into that list is dropped from the path.
 */
function locate(data: unknown, issuePath: readonly PropertyKey[]) {
  const keyPath: PropertyKey[] = []
  let value = data
  for (const segment of issuePath) {
    if (typeof segment === 'number' && !Array.isArray(value)) continue
    keyPath.push(segment)
    value =
      value !== null && typeof value === 'object'
        ? (value as Record<PropertyKey, unknown>)[segment]
        : undefined
  }
  return {keyPath, value}
}

function formatPath(keyPath: readonly PropertyKey[]): string {
  return keyPath
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index ? '.' : ''}${String(segment)}`
    )
    .join('')
}
