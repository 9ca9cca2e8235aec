import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {sourceOf, type VFile} from '../content/content-file.js'
import {canonicalLanguage, languageName} from '../content/language-tag.js'
import {loadContent, translationName} from '../content/load-content.js'
import {readMatter} from '../content/read-matter.js'
import {contributionSchema, sessionSchema} from '../content/schema.js'
import {ExitCode, UserError} from '../errors.js'
import {parseForum} from '../model/parse-forum.js'
import {isTranslation} from '../model/parse-translation.js'
import {versionOf} from '../model/translation-version.js'
import {displayPath} from '../util/display-path.js'
import {writeAtomically} from '../util/write-atomically.js'
import {yamlScalar} from './front-matter-text.js'
import {writeNewFile} from './write-new-file.js'

export interface TranslateResult {
  /** The translation's path relative to the content folder. */
  source: string
  /** The content folder as given, joined with `source`. */
  path: string
  /** The version of the original it now records. */
  version: string
  /** Whether an existing translation was marked up to date, rather than a new one written. */
  updated: boolean
  /** Said to the user, not errors: a language the forum does not publish. */
  notes: string[]
}

/**
 * Writes `<name>.<lang>.md` beside a contribution or concept note: its title
 * (and abstract) and text, to translate in place, with `original-version`,
 * the version of the original it translates (see versionOf). With `update`,
 * an existing translation is left as it is but for `original-version`, set to
 * the original's version now: a translator says so once the translation
 * follows the original's changes. An existing translation is never
 * overwritten.
 */
export async function translateFile(
  dir: string,
  file: string,
  options: {to: string; update?: boolean}
): Promise<TranslateResult> {
  const language = canonicalLanguage(options.to.trim().replace(/_/g, '-'))
  if (!language || languageName(language) === undefined) {
    throw new UserError(`Invalid --to \`${options.to}\`, expected a language tag such as \`es\` or \`fr\``, {
      exitCode: ExitCode.usage
    })
  }
  const content = await loadContent(dir)
  const source = path.relative(content.root, path.resolve(file)).split(path.sep).join('/')
  const original = [...content.sessions, ...content.contributions].find((item) => sourceOf(item) === source)
  if (!original) {
    throw new UserError(`${displayPath(file)} is not a concept note or contribution of the forum in ${dir}`, {
      exitCode: ExitCode.usage,
      hint: 'Pass a Markdown file under sessions/ or contributions/.'
    })
  }
  if (isTranslation(original)) {
    throw new UserError(`${displayPath(file)} is a translation, expected an original to translate`, {
      exitCode: ExitCode.usage,
      hint: original.data.translation
        ? `Translate its original, ${original.data.translation.of}.`
        : 'Translate the file its `translation-of` names.'
    })
  }
  const forum = parseForum(content.forum, content.root)
  const forumLanguage = forum?.language
  const kind = original.data.kind === 'session' ? 'session' : 'contribution'
  const matter = readMatter(original, kind === 'session' ? sessionSchema : contributionSchema)
  if (!matter) throw invalidOriginal(file, original)
  const originalLanguage = ('language' in matter ? matter.language : undefined) ?? forumLanguage ?? 'en'
  if (language === originalLanguage) {
    throw new UserError(
      `${displayPath(file)} is written in \`${language}\`, expected another language to translate into`,
      {
        exitCode: ExitCode.usage
      }
    )
  }
  const abstract = 'abstract' in matter ? (matter.abstract as string | undefined) : undefined
  const version = versionOf(original, matter.title, abstract)
  const target = source.replace(/\.(md|markdown)$/i, `.${language}.$1`)
  // The name is the one loadContent reads as a translation of this file.
  if (translationName(target)?.original !== source) throw new Error(`No translation name for ${source}`)
  const notes =
    forum && !forum.languages.includes(language)
      ? [
          `\`${language}\` is not among the forum's editions (languages: [${forum.languages.join(', ')}]): add it to publish this translation.`
        ]
      : []
  const result = {source: target, path: path.join(dir, target), version, notes}

  if (options.update) {
    const text = await readFile(result.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT')
        throw new UserError(`No translation to update: ${displayPath(result.path)} does not exist`, {
          exitCode: ExitCode.usage,
          hint: `Write it with \`proceedings translate ${displayPath(file)} --to ${language}\`.`
        })
      throw error
    })
    await writeAtomically(result.path, withVersion(text, version, result.path))
    return {...result, updated: true}
  }

  const lines = [
    '---',
    `title: ${yamlScalar(matter.title)}`,
    ...(abstract ? [`abstract: ${yamlScalar(abstract)}`] : []),
    '# translators:',
    '#   - name: Translator Name',
    '# machine-translated: true',
    `original-version: ${version}  # the version of ${path.posix.basename(source)} translated: do not edit`,
    '---',
    ''
  ]
  await writeNewFile(
    dir,
    target,
    lines.join('\n') + String(original.data.body ?? ''),
    `Once it follows the original's changes, mark it up to date with \`proceedings translate ${displayPath(file)} --to ${language} --update\`.`
  )
  return {...result, updated: false}
}

function invalidOriginal(file: string, original: VFile): UserError {
  const first = original.messages.find((message) => message.fatal)
  return new UserError(
    `${displayPath(file)} has errors, expected an original that \`proceedings check\` accepts`,
    {
      exitCode: ExitCode.content,
      hint: first ? `${first.line ?? 1}:${first.column ?? 1}: ${first.reason}` : undefined
    }
  )
}

/** The translation's text with `original-version` set to `version`, in its front matter. */
function withVersion(text: string, version: string, file: string): string {
  const matter = /^---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/.exec(text)
  if (!matter) {
    throw new UserError(`${displayPath(file)} has no front matter, expected a \`---\` block`, {
      exitCode: ExitCode.content
    })
  }
  const block = matter[0]
  const line = /^original-version:.*$/m
  const updated = line.test(block)
    ? block.replace(line, `original-version: ${version}`)
    : block.replace(
        /(\r?\n)?---[ \t]*(\r?\n|$)$/,
        (closing, before: string | undefined, after: string) =>
          `${before ?? '\n'}original-version: ${version}${before ?? '\n'}---${after}`
      )
  return updated + text.slice(block.length)
}
