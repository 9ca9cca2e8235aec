import {fail, sourceOf, warn, type VFile} from '../content/content-file.js'
import {placeOf} from '../content/parse-front-matter.js'
import {readMatter} from '../content/read-matter.js'
import {forumSchema, forumTranslationSchema} from '../content/schema.js'
import type {ForumTranslation} from './parsed-forum.js'
import {hasBuiltInLabels, labelKeys, labelsFor, withOverrides} from './labels.js'
import {languageName} from '../content/language-tag.js'
import {closest} from '../util/closest.js'
import {parseMarkdown, renderFragment} from './markdown.js'
import {readPeople} from './people.js'
import type {Forum} from './types.js'

/** Reads `forum.md`: its front matter describes the forum, its body is the foreword. */
export function parseForum(file: VFile, contentRoot: string): Forum | undefined {
  const matter = readMatter(file, forumSchema)
  if (!matter) return undefined
  const overrides = labelOverrides(file, matter.labels)
  const labels = withOverrides(labelsFor(matter.language), overrides)
  if (!hasBuiltInLabels(matter.language)) warnEnglishLabels(file, matter.language, overrides)
  const languages = editionLanguages(file, matter.language, matter.languages)
  if (!languages) return undefined
  return {
    title: matter.title,
    subtitle: matter.subtitle,
    date: matter.date,
    language: matter.language,
    textLanguage: matter.language,
    languages,
    organizers: matter.organizers,
    url: matter.url,
    publisher: matter.publisher,
    place: matter.place,
    isbn: matter.isbn,
    doi: matter.doi,
    license: matter.license,
    depositor: matter.depositor,
    labels,
    foreword: renderFragment(parseMarkdown(file).children, file, {
      scope: 'foreword',
      contentRoot,
      baseDepth: 2,
      footnoteLabel: labels.footnotes
    }),
    forewordLanguage: matter.language,
    forewordTranslation: undefined,
    emptyQuestions: matter.emptyQuestions
  }
}

/**
 * The editions' languages: `languages:` as written, which must name the
 * forum's own `language` (the language forum.md and the concept notes are
 * written in) and none twice; or that language alone.
 */
function editionLanguages(file: VFile, language: string, languages: string[] | undefined) {
  if (!languages) return [language]
  const twice = languages.find((tag, index) => languages.indexOf(tag) !== index)
  if (twice) {
    fail(
      file,
      `Language \`${twice}\` named twice in \`languages\``,
      'duplicate-language',
      placeOf(file, ['languages'])
    )
    return undefined
  }
  if (!languages.includes(language)) {
    fail(
      file,
      `Missing the forum's \`language\` (\`${language}\`) in \`languages\`, expected it among the editions`,
      'language-not-an-edition',
      placeOf(file, ['languages']),
      `The forum's own texts are in \`${language}\`: add it, such as \`languages: [${[language, ...languages].join(', ')}]\`, or set \`language\` to one of them.`
    )
    return undefined
  }
  return languages
}

/** Reads `forum.<lang>.md`: the forum's title, subtitle, labels and foreword in one edition's language. */
export function parseForumTranslation(
  file: VFile,
  contentRoot: string,
  language: string
): ForumTranslation | undefined {
  const matter = readMatter(file, forumTranslationSchema)
  if (!matter) return undefined
  const labels = labelOverrides(file, matter.labels)
  return {
    language,
    title: matter.title,
    subtitle: matter.subtitle,
    labels,
    translators: readPeople(file, 'translators', matter.translators, language),
    foreword: renderFragment(parseMarkdown(file).children, file, {
      scope: `foreword-${language}`,
      contentRoot,
      baseDepth: 2,
      footnoteLabel: withOverrides(labelsFor(language), labels).footnotes
    }),
    source: sourceOf(file)
  }
}

/** Flattens `labels:` to `key` and `types.key` entries, warning about names that do not exist. */
function labelOverrides(
  file: VFile,
  labels: Record<string, string | Record<string, string>>
): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [key, value] of Object.entries(labels)) {
    for (const [name, text, keyPath] of typeof value === 'string'
      ? [[key, value, ['labels', key]] as const]
      : Object.entries(value).map(
          ([inner, text]) => [`${key}.${inner}`, text, ['labels', key, inner]] as const
        )) {
      if (labelKeys.includes(name)) {
        flat[name] = text
        continue
      }
      const suggestion = closest(name, labelKeys)
      warn(
        file,
        `Unknown label \`${name}\`${suggestion ? `, did you mean \`${suggestion}\`?` : ''}`,
        'unknown-label',
        placeOf(file, keyPath, {key: true}),
        `Known labels: ${labelKeys.join(', ')}.`
      )
    }
  }
  return flat
}

/** A language with no labels of its own prints the English ones, unless `labels:` gives every one. */
function warnEnglishLabels(file: VFile, language: string, overrides: Record<string, string>) {
  const missing = labelKeys.filter((key) => !(key in overrides))
  if (missing.length === 0) return
  const name = languageName(language)
  warn(
    file,
    `No built-in labels for \`${language}\`${name ? ` (${name})` : ''}: ${missing.length} of the printed labels will be in English`,
    'labels-fallback',
    placeOf(file, ['language']),
    `Give them in your language under \`labels:\` in forum.md, such as \`labels: {contents: …, speakers: …}\`; English, Spanish and French are built in. Still in English: ${missing.join(', ')}.`
  )
}
