import {loadContent, type LoadedContent} from '../content/load-content.js'
import {releaseFrontMatter} from '../content/parse-front-matter.js'
import {ExitCode, UserError} from '../errors.js'
import {sourceOf, type VFile} from '../content/content-file.js'
import {claimedId} from '../model/identifiers.js'
import {checkReferences, linkEditions} from '../model/link-proceedings.js'
import {parseForum, parseForumTranslation} from '../model/parse-forum.js'
import type {FromFile, ParsedForum, ParsedTranslation} from '../model/parsed-forum.js'
import type {BuildCache} from './build-cache.js'
import type {ParseCache} from './parse-cache.js'
import {parseEach, parseSourceFile, type ParseEachOptions} from './parse-pool.js'
import {defaultJobs} from '../util/parallelism.js'
import {stage, type ProgressListener} from './progress.js'
import type {Contribution, Proceedings, Session} from '../model/types.js'

export interface LoadOptions {
  drafts?: boolean
  /** Defaults to `SOURCE_DATE_EPOCH` when set, else now. */
  builtAt?: Date
  /** Parsed files from earlier builds in this process. */
  cache?: ParseCache
  /** Parsed files from earlier runs, on disk. */
  buildCache?: BuildCache
  /** Texts of files known to be unchanged, not read again. */
  known?: (absolutePath: string) => string | undefined
  /** Threads that may parse at once (default: one per core, at most 4). */
  jobs?: number
  onProgress?: ProgressListener
  /** Stops reading and parsing: the promise then rejects with the signal's reason. */
  signal?: AbortSignal
}

export interface LoadResult {
  /** Absolute path of the content folder. */
  root: string
  /** Every file read, with its messages: forum, sessions, then contributions. */
  files: VFile[]
  /** The grouped proceedings (of the first edition), when no file has an error. */
  proceedings: Proceedings | undefined
  /** Every edition's proceedings, the first one's first; none when a file has an error. */
  editions: Proceedings[]
}

/** Reads, parses, checks and groups a forum folder: the pipeline up to rendering. */
export async function loadProceedings(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const {onProgress} = options
  const buildCache = options.cache ? undefined : options.buildCache
  const content = await stage(
    onProgress,
    'load',
    () =>
      loadContent(dir, {
        known: options.known,
        recall: buildCache && ((file, stamp) => buildCache.recall(file, stamp))
      }),
    (loaded) => {
      const recalled = [...loaded.sessions, ...loaded.contributions].filter(
        (file) => file.data.textHash !== undefined
      ).length
      return (
        `${loaded.sessions.length + loaded.contributions.length + 1} files` +
        (recalled ? `, ${recalled} unchanged` : '')
      )
    }
  )

  const before = {parsed: options.cache?.parsed ?? 0, reused: options.cache?.reused ?? 0}
  let threads = 1
  const parsed = await stage(
    onProgress,
    'parse',
    async () => {
      const cachedForum = options.cache?.get(content.forum, '', (file) => parseForum(file, content.root))
      if (cachedForum) content.forum = cachedForum.file
      const forum = cachedForum ? cachedForum.value : parseForum(content.forum, content.root)
      const language = forum?.language ?? 'en'
      const total = content.sessions.length + content.contributions.length
      let reported = performance.now()
      const advance = (done: number) => {
        if (onProgress && performance.now() - reported > 100) {
          reported = performance.now()
          onProgress({type: 'advance', stage: 'parse', done, total})
        }
      }
      // What parsing kept on a file is let go once it is parsed: see releaseFrontMatter.
      const parse = (file: VFile) => afterParse(file, parseSourceFile(file, content.root, language))
      const kept = options.cache
        ? inParseCache(options.cache, language)
        : inBuildCache(options.buildCache, language)
      const values = await parseMissing(
        content,
        kept,
        {
          contentRoot: content.root,
          language,
          jobs: options.jobs ?? defaultJobs(),
          signal: options.signal,
          parseTimeoutMs: parseTimeout()
        },
        parse,
        advance
      )
      threads = values.threads
      const [sessions, sessionTranslations] = apart<Session>(content.sessions, values.sessions)
      const [contributions, contributionTranslations] = apart<Contribution>(
        content.contributions,
        values.contributions
      )
      const result: ParsedForum = {
        forum: forum && {value: forum, file: content.forum},
        sessions,
        contributions,
        translations: [...sessionTranslations, ...contributionTranslations],
        forumTranslations: content.forumTranslations.flatMap((file) => {
          const value = parseForumTranslation(file, content.root, file.data.translation!.language)
          return value ? [{value, file}] : []
        }),
        unreadSessions: content.sessions.flatMap((file, index) =>
          values.sessions[index] === undefined ? [claimedId(sourceOf(file), String(file.value))] : []
        )
      }
      options.cache?.keepOnly(
        new Set([content.forum, ...content.sessions, ...content.contributions].map((file) => file.path))
      )
      checkReferences(result)
      return result
    },
    () =>
      (options.cache
        ? `${options.cache.parsed - before.parsed} parsed, ${options.cache.reused - before.reused} unchanged`
        : options.buildCache
          ? `${options.buildCache.misses} parsed, ${options.buildCache.hits} from the cache`
          : `${content.sessions.length} sessions, ${content.contributions.length} contributions`) +
      (threads > 1 ? `, in ${threads} threads` : '')
  )

  const files = [content.forum, ...content.forumTranslations, ...content.sessions, ...content.contributions]
  const failed = files.some((file) => file.messages.some((message) => message.fatal))
  const editions = failed
    ? []
    : linkEditions(parsed, {drafts: options.drafts ?? false, builtAt: options.builtAt ?? buildTime()})
  return {root: content.root, files, proceedings: editions[0], editions}
}

/** Values in the order of the files, and how many threads parsed them. */
type Parsed = {sessions: unknown[]; contributions: unknown[]; threads: number}

function afterParse<T>(file: VFile, value: T): T {
  releaseFrontMatter(file)
  return value
}

/** The parsed originals, and the parsed translations, each with its file. */
function apart<T>(files: VFile[], values: unknown[]): [FromFile<T>[], FromFile<ParsedTranslation>[]] {
  const originals: FromFile<T>[] = []
  const translations: FromFile<ParsedTranslation>[] = []
  files.forEach((file, index) => {
    const value = values[index] as T | ParsedTranslation | undefined
    if (value === undefined) return
    if ((value as ParsedTranslation).kind === 'translation')
      translations.push({value: value as ParsedTranslation, file})
    else originals.push({value: value as T, file})
  })
  return [originals, translations]
}

/** What a file's parse depends on besides its text: the forum's language, and the original a translation's name points at. */
function parseContext(file: VFile, language: string): string {
  return file.data.translation ? `${language}\u0000${file.data.translation.of}` : language
}

/** Where parses of earlier builds are found, and where fresh ones are kept. */
interface KeptParses {
  /** The parse of a freshly read file, with the file object to use (it may be one kept with its messages). */
  find(file: VFile, index: number): {file: VFile; value: unknown} | undefined
  keep(file: VFile, index: number, value: unknown): void
}

/** `serve`: files unchanged since the last build keep their parse and their file object. */
function inParseCache(cache: ParseCache, language: string): KeptParses {
  return {
    find: (file) => cache.take(file, parseContext(file, language)),
    keep: (file, _index, value) => cache.keep(file, parseContext(file, language), value)
  }
}

/** A build: files found in the build cache are taken from it; the others are kept in it. */
function inBuildCache(buildCache: BuildCache | undefined, language: string): KeptParses {
  const keys: string[] = []
  return {
    find: (file, index) => {
      const found = buildCache?.lookup(file, parseContext(file, language))
      if (found) keys[index] = found.key
      return found?.hit ? {file, value: found.value} : undefined
    },
    keep: (file, index, value) => {
      if (keys[index] !== undefined) buildCache!.store(keys[index], file, value)
    }
  }
}

/** Parses the sessions and contributions not found among the kept parses, and keeps them. */
async function parseMissing(
  content: LoadedContent,
  kept: KeptParses,
  options: ParseEachOptions,
  parse: (file: VFile) => unknown,
  advance: (done: number) => void
): Promise<Parsed> {
  const files = [...content.sessions, ...content.contributions]
  const values: unknown[] = new Array(files.length)
  const missing: number[] = []
  files.forEach((fresh, index) => {
    const found = kept.find(fresh, index)
    if (!found) return missing.push(index)
    files[index] = found.file
    values[index] = found.value
  })
  let done = files.length - missing.length
  advance(done)
  const threads = await parseEach(files, missing, options, parse, (index, value) => {
    values[index] = value
    advance(++done)
  })
  for (const index of missing) kept.keep(files[index]!, index, values[index])
  const sessions = content.sessions.length
  content.sessions = files.slice(0, sessions)
  content.contributions = files.slice(sessions)
  return {sessions: values.slice(0, sessions), contributions: values.slice(sessions), threads}
}

/** `PROCEEDINGS_PARSE_TIMEOUT` (seconds) when set: how long one long file may take to parse. */
function parseTimeout(): number | undefined {
  const seconds = process.env.PROCEEDINGS_PARSE_TIMEOUT
  if (seconds === undefined || seconds === '') return undefined
  if (!/^\d+(?:\.\d+)?$/.test(seconds) || Number(seconds) === 0) {
    throw new UserError(
      `Invalid PROCEEDINGS_PARSE_TIMEOUT \`${seconds}\`, expected a number of seconds greater than 0`,
      {exitCode: ExitCode.usage}
    )
  }
  return Number(seconds) * 1000
}

/** `SOURCE_DATE_EPOCH` (seconds) when set, so that builds can be reproduced byte for byte; else now. */
export function buildTime(): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH
  if (epoch === undefined || epoch === '') return new Date()
  if (!/^\d+$/.test(epoch)) {
    throw new UserError(`Invalid SOURCE_DATE_EPOCH \`${epoch}\`, expected a number of seconds since 1970`, {
      exitCode: ExitCode.usage
    })
  }
  return new Date(Number(epoch) * 1000)
}
