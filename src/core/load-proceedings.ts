import {loadContent} from '../content/load-content.js'
import {ExitCode, UserError} from '../errors.js'
import type {VFile} from '../content/content-file.js'
import {checkReferences, linkProceedings} from '../model/link-proceedings.js'
import {parseContribution} from '../model/parse-contribution.js'
import {parseForum} from '../model/parse-forum.js'
import {parseSession} from '../model/parse-session.js'
import type {FromFile, ParsedForum} from '../model/parsed-forum.js'
import type {BuildCache} from './build-cache.js'
import type {ParseCache} from './parse-cache.js'
import {stage, type ProgressListener} from './progress.js'
import type {Proceedings} from '../model/types.js'

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
  onProgress?: ProgressListener
}

export interface LoadResult {
  /** Absolute path of the content folder. */
  root: string
  /** Every file read, with its messages: forum, sessions, then contributions. */
  files: VFile[]
  /** The grouped proceedings, when no file has an error. */
  proceedings: Proceedings | undefined
}

/** Reads, parses, checks and groups a forum folder: the pipeline up to rendering. */
export async function loadProceedings(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const {onProgress} = options
  const content = await stage(onProgress, 'load', () => loadContent(dir, {known: options.known}),
    (loaded) => `${loaded.sessions.length + loaded.contributions.length + 1} files`)

  const before = {parsed: options.cache?.parsed ?? 0, reused: options.cache?.reused ?? 0}
  const parsed = await stage(onProgress, 'parse', () => {
    const cachedForum = options.cache?.get(content.forum, '', (file) => parseForum(file, content.root))
    if (cachedForum) content.forum = cachedForum.file
    const forum = cachedForum ? cachedForum.value : parseForum(content.forum, content.root)
    const language = forum?.language ?? 'en'
    const total = content.sessions.length + content.contributions.length
    let done = 0
    let reported = performance.now()
    const parseWith = <T>(files: VFile[], parse: (file: VFile) => T | undefined): FromFile<T>[] => {
      const items: FromFile<T>[] = []
      files.forEach((fresh, index) => {
        const {file, value} = options.cache
          ? options.cache.get(fresh, language, parse)
          : {file: fresh, value: options.buildCache ? options.buildCache.get(fresh, language, parse) : parse(fresh)}
        files[index] = file
        if (value !== undefined) items.push({value, file})
        done++
        if (onProgress && performance.now() - reported > 100) {
          reported = performance.now()
          onProgress({type: 'advance', stage: 'parse', done, total})
        }
      })
      return items
    }
    const result: ParsedForum = {
      forum: forum && {value: forum, file: content.forum},
      sessions: parseWith(content.sessions, (file) => parseSession(file, content.root, language)),
      contributions: parseWith(content.contributions, (file) => parseContribution(file, content.root, language))
    }
    options.cache?.keepOnly(new Set([content.forum, ...content.sessions, ...content.contributions].map((file) => file.path)))
    checkReferences(result)
    return result
  }, () => (options.cache ? `${options.cache.parsed - before.parsed} parsed, ${options.cache.reused - before.reused} unchanged`
    : options.buildCache ? `${options.buildCache.misses} parsed, ${options.buildCache.hits} from the cache` : `${content.sessions.length} sessions, ${content.contributions.length} contributions`))

  const files = [content.forum, ...content.sessions, ...content.contributions]
  const failed = files.some((file) => file.messages.some((message) => message.fatal))
  return {
    root: content.root,
    files,
    proceedings: failed ? undefined : linkProceedings(parsed, {drafts: options.drafts ?? false, builtAt: options.builtAt ?? buildTime()})
  }
}

/** `SOURCE_DATE_EPOCH` (seconds) when set, so that builds can be reproduced byte for byte; else now. */
export function buildTime(): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH
  if (epoch === undefined || epoch === '') return new Date()
  if (!/^\d+$/.test(epoch)) {
    throw new UserError(`Invalid SOURCE_DATE_EPOCH \`${epoch}\`, expected a number of seconds since 1970`, {exitCode: ExitCode.usage})
  }
  return new Date(Number(epoch) * 1000)
}
