import {z} from 'zod'
import {ExitCode, UserError} from '../errors.js'
import {closest} from '../util/closest.js'
import type {ProgressListener} from './progress.js'

export const formats = ['html', 'pdf', 'json'] as const
export type Format = (typeof formats)[number]

const path = z.string().min(1)
const positive = z.number().positive()

/** The options of the library's `build()`, checked before anything is read or written. */
export const buildOptionsSchema = z.strictObject({
  /** The forum folder: forum.md, sessions/ and contributions/. */
  contentDir: path,
  /** Replaced as a whole when the build succeeds (default: `dist` in the forum's project). */
  outDir: path.optional(),
  /** What to write (default: all three). */
  formats: z.array(z.enum(formats)).min(1).optional(),
  /** Include contributions marked `draft: true`, and mark the PDF as a draft. */
  drafts: z.boolean().optional(),
  /** Warnings block the build too. */
  strict: z.boolean().optional(),
  /** Chrome or Chromium executable for the PDF (default: found as `proceedings setup` finds it). */
  chrome: path.optional(),
  /** A folder of template overrides, applied after the forum's `templates/`. */
  templates: path.optional(),
  /** A PDF print taking longer than this is taken for a hung browser (default 5 minutes). */
  printTimeoutMs: positive.optional(),
  /** Stops the build; the output folder is then left as it was. */
  signal: z.instanceof(AbortSignal).optional(),
  /** Called as each stage starts, advances and ends. */
  onProgress: z.custom<ProgressListener>((value) => typeof value === 'function').optional(),
  /** Where parsed files and printed pieces are kept between runs (default: `.proceedings-cache` in the forum's project); false for none. */
  cacheDir: z.union([path, z.literal(false)]).optional(),
  /** Threads that parse and browsers that print at once (default: one per core, at most 4). */
  jobs: z.int().positive().optional()
})

/** The options of the library's `check()`. */
export const checkOptionsSchema = z.strictObject({
  /** Warnings make the check fail too. */
  strict: z.boolean().optional(),
  /** Stops the check while it reads and parses. */
  signal: z.instanceof(AbortSignal).optional()
})

/** The options of the library's `loadProceedings()`. */
export const loadOptionsSchema = z.strictObject({
  /** Include contributions marked `draft: true`. */
  drafts: z.boolean().optional(),
  /** The date the proceedings give as built (default: `SOURCE_DATE_EPOCH` when set, else now). */
  builtAt: z.date().optional(),
  /** Threads that parse at once (default: one per core, at most 4). */
  jobs: z.int().positive().optional(),
  /** Called as each stage starts, advances and ends. */
  onProgress: z.custom<ProgressListener>((value) => typeof value === 'function').optional(),
  /** Stops reading and parsing: the promise then rejects with the signal's reason. */
  signal: z.instanceof(AbortSignal).optional()
})

export type BuildOptions = z.input<typeof buildOptionsSchema>
export type CheckOptions = z.input<typeof checkOptionsSchema>
export type LoadOptions = z.input<typeof loadOptionsSchema>

/** What each option takes, for messages: by option, and `name[]` for an entry of a list. */
const expectations: Record<string, string> = {
  contentDir: 'the path of the forum folder',
  outDir: 'the path of a folder',
  formats: `a list of one or more of ${formats.join(', ')}`,
  'formats[]': `one of ${formats.join(', ')}`,
  drafts: 'true or false',
  strict: 'true or false',
  chrome: 'the path of a Chrome or Chromium executable',
  templates: 'the path of a folder of templates',
  printTimeoutMs: 'a number of milliseconds over 0',
  signal: 'an AbortSignal',
  onProgress: 'a function',
  cacheDir: 'the path of a folder, or false for no cache',
  jobs: 'a whole number over 0',
  builtAt: 'a Date'
}

/**
 * The options a caller of the library passed, checked against their schema.
 * Every problem is named in one UserError (exit code 2, as for a bad command
 * line): the option, what it takes, and what was found.
 */
export function validateOptions<Schema extends z.ZodObject>(
  fn: string,
  schema: Schema,
  options: unknown
): z.output<Schema> {
  const given = options === undefined ? {} : options
  const result = schema.safeParse(given)
  if (result.success) return result.data
  const known = Object.keys(schema.shape)
  const problems = result.error.issues.flatMap((issue): string[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const suggestion = closest(key, known)
        return `Unknown option \`${key}\` of ${fn}()${suggestion ? `, did you mean \`${suggestion}\`?` : ''}`
      })
    }
    if (issue.path.length === 0) return [`The options of ${fn}() must be an object, found ${shown(given)}`]
    const name = issue.path
      .map((segment) => (typeof segment === 'number' ? `[${segment}]` : String(segment)))
      .join('')
    const key = issue.path.map((segment) => (typeof segment === 'number' ? '[]' : String(segment))).join('')
    const value = issue.path.reduce<unknown>(
      (at, segment) => (at as Record<PropertyKey, unknown> | undefined)?.[segment],
      given
    )
    const expected = expectations[key] ?? issue.message
    if (value === undefined) return [`Missing option \`${name}\` of ${fn}(): expected ${expected}`]
    return [`Invalid option \`${name}\` of ${fn}(): expected ${expected}, found ${shown(value)}`]
  })
  throw new UserError(problems.join('\n'), {
    exitCode: ExitCode.usage,
    hint: `${fn}() takes ${known.join(', ')}.`
  })
}

/** A value as a message shows it: short, and never a function's source. */
function shown(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return `a list of ${value.length}`
  if (typeof value === 'function') return 'a function'
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`
  if (typeof value === 'string') return `the text \`${value.length > 40 ? value.slice(0, 40) + '…' : value}\``
  return `the ${typeof value} \`${String(value)}\``
}
