import {closeSync, constants, fstatSync, openSync, readFileSync, statSync, type BigIntStats} from 'node:fs'
import {lstat, readdir} from 'node:fs/promises'
import path from 'node:path'
import {UserError, ExitCode} from '../errors.js'
import {VFile, fail, type ContentKind, type FileStamp} from './content-file.js'
import {decodeText} from './decode-text.js'
import {canonicalLanguage, languageName} from './language-tag.js'
import {describeFsError} from '../util/fs-error.js'

/** A Markdown file larger than this is refused, not parsed. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024

export interface LoadedContent {
  /** Absolute path of the content folder. */
  root: string
  forum: VFile
  /** `forum.<lang>.md` files, by language. */
  forumTranslations: VFile[]
  sessions: VFile[]
  contributions: VFile[]
}

export interface LoadContentOptions {
  /** The text of a file known not to have changed since it was last read (`serve` knows from its watcher). */
  known?: (absolutePath: string) => string | undefined
  /**
   * The hash of a session's or contribution's text, when its stamp shows it
   * unchanged since a build that read it (the build cache keeps stamps): the
   * file is then not read, unless something asks for its text.
   */
  recall?: (absolutePath: string, stamp: FileStamp) => string | undefined
  /** Files changed after this time (ns since 1970) get no stamp: the default is two seconds before now. */
  settledBefore?: bigint
}

/** Coarse file system clocks (FAT's two seconds, a network disk's) and a clock a little off still give a file a stamp later than this. */
const SETTLE_NS = 2_000_000_000n

/**
 * Reads every Markdown file of a forum folder into a VFile: `forum.md`,
 * `sessions/*.md` and `contributions/**\/*.md` (`.markdown` too). Files that cannot be read as
 * text carry an error message and an empty value; the folder itself missing
 * is a usage error.
 */
export async function loadContent(dir: string, options: LoadContentOptions = {}): Promise<LoadedContent> {
  const root = path.resolve(dir)
  const stats = await lstat(root).catch(() => undefined)
  if (!stats?.isDirectory()) {
    throw new UserError(`Content folder not found: ${dir}`, {
      exitCode: ExitCode.usage,
      hint: 'Pass the folder that holds forum.md, sessions/ and contributions/.'
    })
  }

  const settledBefore = options.settledBefore ?? BigInt(Date.now()) * 1_000_000n - SETTLE_NS
  const read = (source: string, kind: ContentKind) => {
    const text = options.known?.(path.join(root, source))
    if (text !== undefined) return Promise.resolve(knownFile(root, source, kind, text))
    return readContentFile(root, source, kind, kind === 'forum' ? undefined : options.recall, settledBefore)
  }
  const [forum, forumTranslationPaths, sessionPaths, contributionPaths] = await Promise.all([
    read('forum.md', 'forum'),
    listForumTranslations(root),
    listMarkdown(root, 'sessions', false),
    listMarkdown(root, 'contributions', true)
  ])

  const [forumTranslations, sessions, contributions] = await Promise.all([
    Promise.all(
      forumTranslationPaths.map(async ({source, language}) => {
        const file = await read(source, 'forum-translation')
        file.data.translation = {of: 'forum.md', language}
        return file
      })
    ),
    Promise.all(sessionPaths.map((source) => read(source, 'session'))),
    Promise.all(contributionPaths.map((source) => read(source, 'contribution')))
  ])
  markTranslations(sessions)
  markTranslations(contributions)

  return {root, forum, forumTranslations, sessions, contributions}
}

/** `<name>.<lang>.md`: the name and the language, when the part before `.md` ends with a known language's tag. */
export function translationName(source: string): {original: string; language: string} | undefined {
  const match = /^(.*[^/])\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\.(md|markdown)$/i.exec(source)
  if (!match) return undefined
  const language = canonicalLanguage(match[2]!)
  if (!language || languageName(language) === undefined || languageName(language) === language)
    return undefined
  return {original: `${match[1]}.${match[3]}`, language}
}

/**
 * Marks the files named `<name>.<lang>.md` beside a `<name>.md` as its
 * translations. Without that original beside it, such a file is a
 * contribution of its own, as it was before editions existed.
 */
function markTranslations(files: VFile[]) {
  const sources = new Set(files.map((file) => file.data.source!))
  for (const file of files) {
    const named = translationName(file.data.source!)
    if (!named) continue
    const original = [named.original, named.original.replace(/\.md$/i, '.markdown')].find((name) =>
      sources.has(name)
    )
    if (original && original !== file.data.source)
      file.data.translation = {of: original, language: named.language}
  }
}

/** `forum.<lang>.md` files at the top of the content folder. */
async function listForumTranslations(root: string): Promise<{source: string; language: string}[]> {
  const entries = await readdir(root, {withFileTypes: true}).catch(() => [])
  return entries
    .filter((entry) => entry.isFile() && /^forum\./.test(entry.name))
    .flatMap((entry) => {
      const named = translationName(entry.name)
      return named?.original === 'forum.md' ? [{source: entry.name, language: named.language}] : []
    })
    .sort((a, b) => (a.source < b.source ? -1 : 1))
}

async function listMarkdown(root: string, folder: string, recursive: boolean): Promise<string[]> {
  const entries = await readdir(path.join(root, folder), {withFileTypes: true, recursive}).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return []
      throw error
    }
  )
  const sources: string[] = []
  for (const entry of entries) {
    if (!entry.isFile() || !/\.(?:md|markdown)$/i.test(entry.name)) continue
    const absolute = path.join(entry.parentPath, entry.name)
    const source = path.relative(root, absolute).split(path.sep).join('/')
    // Hidden files and folders (editor backups, .git) are not content.
    if (source.split('/').some((part) => part.startsWith('.'))) continue
    sources.push(source)
  }
  return sources.sort()
}

function knownFile(root: string, source: string, kind: ContentKind, text: string): VFile {
  const file = new VFile({path: path.join(root, source), cwd: process.cwd(), value: text})
  file.data.kind = kind
  file.data.source = source
  return file
}

/**
 * Reads one file. Synchronous reads of many small files are several times
 * faster than promise-based ones, which each take a trip through the thread pool.
 * A file recalled from its stamp is read only if its text is asked for.
 */
async function readContentFile(
  root: string,
  source: string,
  kind: ContentKind,
  recall: LoadContentOptions['recall'],
  settledBefore: bigint
): Promise<VFile> {
  const file = knownFile(root, source, kind, '')

  let bytes: Buffer
  try {
    // The size and kind are those of the file a symlink points at: a link must not bring in a larger file.
    const stats = statSync(file.path, {bigint: true})
    if (tooLarge(file, stats)) return file
    const stamp = stampOf(stats)
    const textHash = recall?.(file.path, stamp)
    if (textHash !== undefined) {
      file.data.stamp = stamp
      file.data.textHash = textHash
      readWhenAsked(file)
      return file
    }
    if (stamp.mtimeNs < settledBefore && stamp.ctimeNs < settledBefore) file.data.stamp = stamp
    const read = readChecked(file)
    if (!read) return file
    bytes = read
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' && kind === 'forum') {
      fail(
        file,
        'Missing `forum.md`, expected one at the top of the content folder',
        'missing-forum',
        undefined,
        'Create forum.md with at least a `title:` in its front matter.'
      )
      return file
    }
    fail(file, `Cannot read file: ${describeFsError(error)}`, 'unreadable-file')
    return file
  }

  const decoded = decodeText(bytes)
  if (!decoded.ok) {
    fail(
      file,
      'Invalid UTF-8, expected a text file encoded as UTF-8',
      'invalid-encoding',
      {line: decoded.line, column: decoded.column},
      'Re-save the file as UTF-8 in your editor.'
    )
    return file
  }
  file.value = decoded.text
  return file
}

/**
 * The bytes of the file as opened, when it is a regular file within the size
 * limit: checked on the open file itself, so that neither a symlink nor a
 * file swapped after the first look can bring in a larger one, and a FIFO or
 * a device (`/dev/zero`) is refused without waiting on it.
 */
function readChecked(file: VFile): Buffer | undefined {
  const fd = openSync(file.path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  try {
    const stats = fstatSync(fd, {bigint: true})
    if (tooLarge(file, stats)) return undefined
    const bytes = readFileSync(fd)
    // Grown since it was opened: measured again on what was read.
    return tooLarge(file, {...stats, isFile: () => true, size: BigInt(bytes.length)} as BigIntStats)
      ? undefined
      : bytes
  } finally {
    closeSync(fd)
  }
}

/** Adds an error to a file that is not a regular file, or larger than the limit. */
function tooLarge(file: VFile, stats: BigIntStats): boolean {
  if (!stats.isFile()) {
    fail(
      file,
      'Not a regular file, expected a Markdown text file',
      'unreadable-file',
      undefined,
      'Replace the link or device with the text file itself.'
    )
    return true
  }
  if (stats.size <= BigInt(MAX_FILE_BYTES)) return false
  fail(
    file,
    `File too large: ${formatBytes(Number(stats.size))}, expected at most ${formatBytes(MAX_FILE_BYTES)}`,
    'file-too-large',
    undefined,
    'Split the text into several contributions, or link to the full document.'
  )
  return true
}

function stampOf(stats: BigIntStats): FileStamp {
  return {dev: stats.dev, ino: stats.ino, size: stats.size, mtimeNs: stats.mtimeNs, ctimeNs: stats.ctimeNs}
}

/**
 * Makes a recalled file's text read on first use: parsing it again (its
 * cached parse was gone), or placing a message in its front matter. Its stamp
 * said it was unchanged; should it have changed since, or become unreadable,
 * messages may be placed on the newer text, and the next build reads it.
 */
function readWhenAsked(file: VFile) {
  let text: string | undefined
  Object.defineProperty(file, 'value', {
    configurable: true,
    enumerable: true,
    get() {
      if (text === undefined) {
        let decoded: ReturnType<typeof decodeText> | undefined
        try {
          const bytes = readChecked(file)
          decoded = bytes && decodeText(bytes)
        } catch {
          decoded = undefined
        }
        text = decoded?.ok ? decoded.text : ''
      }
      return text
    },
    set(value: string) {
      text = value
    }
  })
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}
