import type {z} from 'zod'
import {fail, warn, type VFile} from './content-file.js'
import {describe, placeOf} from './parse-front-matter.js'
import {expectations, personSchema} from './schema.js'
import {closest} from '../util/closest.js'

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
          warnUnknownKeys(file, person as Record<string, unknown>, Object.keys(personSchema.shape), [list, index])
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
      fail(file, reason, 'missing-key', placeOf(file, keyPath.slice(0, -1)), `Add \`${key}:\` with ${expectations[key] ?? 'a value'}.`)
      continue
    }
    if (issue.code === 'too_small' && Array.isArray(value)) {
      reason = `Expected at least one entry in \`${shown}\`, found an empty list`
    } else if (issue.code === 'invalid_value' || issue.code === 'invalid_union') {
      reason = `Expected \`${shown}\` to be ${expectations[key] ?? 'another value'}, found ${describe(value)}`
    } else if (issue.code === 'custom' || issue.code === 'invalid_format') {
      reason = `${issue.message} in \`${shown}\`, found ${describe(value)}`
    } else {
      reason = `Expected \`${shown}\` to be ${expectations[key] ?? issue.message}, found ${describe(value)}`
    }
    fail(file, reason, 'invalid-value', placeOf(file, keyPath))
  }
  return undefined
}

function warnUnknownKeys(file: VFile, data: Record<string, unknown>, known: string[], prefix: PropertyKey[]) {
  for (const key of Object.keys(data)) {
    if (known.includes(key)) continue
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
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[segment] : undefined
  }
  return {keyPath, value}
}

function formatPath(keyPath: readonly PropertyKey[]): string {
  return keyPath.map((segment, index) =>
    typeof segment === 'number' ? `[${segment}]` : `${index ? '.' : ''}${String(segment)}`).join('')
}
