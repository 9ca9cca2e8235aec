import {fail, sourceOf, type VFile} from '../content/content-file.js'
import {placeOf} from '../content/parse-front-matter.js'
import {readMatter} from '../content/read-matter.js'
import {contributionTranslationSchema, sessionTranslationSchema} from '../content/schema.js'
import {contributionAnchor, sessionAnchor} from './anchors.js'
import {idFromPath} from './identifiers.js'
import {labelsFor} from './labels.js'
import {parseMarkdown, renderFragment} from './markdown.js'
import type {ParsedTranslation} from './parsed-forum.js'
import {readConceptNote} from './parse-session.js'
import {readPeople} from './people.js'

/**
 * Whether a session or contribution file is a translation: named
 * `<name>.<lang>.md` beside its original (see markTranslations), or with
 * `translation-of:` in its front matter (looked for in the text, before the
 * front matter is read, to choose how to read it).
 */
export function isTranslation(file: VFile): boolean {
  if (file.data.translation) return true
  const text = String(file.value)
  if (!text.startsWith('---')) return false
  const end = text.indexOf('\n---', 3)
  return /^translation-of\s*:/m.test(end === -1 ? text.slice(0, 64 * 1024) : text.slice(0, end))
}

/**
 * Reads a translation of a contribution or concept note: its own title,
 * abstract, translators and text. Its session, questions, objectives,
 * speakers and order are its original's, found when the forum is linked.
 */
export function parseTranslation(file: VFile, contentRoot: string): ParsedTranslation | undefined {
  const of = file.data.kind === 'session' ? 'session' : 'contribution'
  const matter = readMatter(file, of === 'session' ? sessionTranslationSchema : contributionTranslationSchema)
  if (!matter) return undefined
  const named = file.data.translation
  const ofId = matter['translation-of']
  if (named && matter.language && matter.language !== named.language) {
    fail(
      file,
      `Language \`${matter.language}\` differs from the file name's \`${named.language}\`, expected the same`,
      'translation-language-mismatch',
      placeOf(file, ['language']),
      `Rename the file to end in \`.${matter.language}.md\`, or remove \`language\`.`
    )
    return undefined
  }
  const language = named?.language ?? matter.language
  if (!language) {
    fail(
      file,
      'Missing `language` in a translation, expected the language it is translated into',
      'missing-translation-language',
      placeOf(file, ['translation-of'], {key: true}),
      'Add `language: es` (the language of this file), or name the file `<original>.<lang>.md` beside its original.'
    )
    return undefined
  }
  const source = sourceOf(file)
  // Ids inside the text are its own: a translation and its original stand on pages of different editions.
  const scope = idFromPath(source)
  const footnoteLabel = labelsFor(language).footnotes
  return {
    kind: 'translation',
    of,
    original: ofId !== undefined && !named ? {id: ofId} : {source: named?.of ?? ''},
    language,
    title: matter.title,
    abstract: 'abstract' in matter ? (matter.abstract as string | undefined) : undefined,
    translators: readPeople(file, 'translators', matter.translators, language),
    machineTranslated: matter['machine-translated'],
    originalVersion: matter['original-version'],
    body:
      of === 'contribution'
        ? renderFragment(parseMarkdown(file).children, file, {
            scope: contributionAnchor(scope),
            contentRoot,
            baseDepth: 4,
            footnoteLabel
          })
        : undefined,
    conceptNote:
      of === 'session'
        ? readConceptNote(file, {scope: sessionAnchor(scope), title: matter.title, contentRoot, language})
        : undefined,
    source
  }
}
