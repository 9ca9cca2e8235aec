import type {HelperOptions} from 'handlebars'
import type Handlebars from 'handlebars'
import {sessionAnchor} from '../../model/anchors.js'
import type {HtmlFragment} from '../../model/markdown.js'
import type {Contribution, Forum, Group, Question, TranslationInfo} from '../../model/types.js'
import {languageNote, type NoteContext} from './language-note.js'
import type {Labels} from '../../model/labels.js'
import {contentSecurityPolicy} from '../content-security-policy.js'
import {hyphenateHtml} from './hyphenate-fragment.js'
import type {HyphenationStore} from './hyphenation-store.js'
import {pageOfElement, placeholderElement} from './page-number-markup.js'

/** What every page context carries, for helpers that build links. */
/** The part of the volume a print page holds: the volume is printed in pieces. */
export interface PrintPart {
  front: boolean
  sessions: unknown[]
  indexes: boolean
  /** Every anchor this piece holds, in order and as a set. */
  anchors: string[]
  local: ReadonlySet<string>
  /** The number of the page before the piece's first page. */
  pageOffset: number
  /** Page numbers are drawn into the PDF after the print: `pageOf` writes placeholders. */
  placeholders?: boolean
  /** Where links to anchors in other pieces point (the merge makes them internal). */
  crossLinkPrefix: string
}

export interface PageRoot {
  mode: 'site' | 'print'
  part?: PrintPart
  /** In print, the page number (as printed: `iv`, `12`) of each anchor once known, from the previous print. */
  pages?: Record<string, string>
  /** The page is in a folder (`sessions/`, or `contributions/` with `folder`): relative links go one folder up. */
  inFolder: boolean
  /** The folder a page in a folder is in, `sessions` unless said. */
  folder?: 'sessions' | 'contributions'
  /** The page's path in its edition's site, for the links to the same page in the other editions. */
  path?: string
  language: string
}

const rootOf = (options: HelperOptions) => options.data.root as PageRoot

/** Elements that are not phrasing content, as the sanitized Markdown writes them. */
const blockTag = /<(p|div|ul|ol|li|dl|table|blockquote|pre|h[1-6]|hr|section|figure|details|input)[\s>]/

/** Print pages show a fragment hyphenated: once per fragment and language, as a piece may be rendered more than once. */
const hyphenatedFragments = new WeakMap<HtmlFragment, Map<string, string>>()

function hyphenated(fragment: HtmlFragment, language: string): string {
  let byLanguage = hyphenatedFragments.get(fragment)
  if (!byLanguage) hyphenatedFragments.set(fragment, (byLanguage = new Map()))
  let html = byLanguage.get(language)
  if (html === undefined) {
    const make = () => hyphenateHtml(fragment.atRoot, language)
    html = hyphenation ? hyphenation.hyphenated(fragment.atRoot, language, make) : make()
    byLanguage.set(language, html)
  }
  return html
}

/** Where hyphenated fragments are kept between builds, while a build prints. */
let hyphenation: HyphenationStore | undefined

/** Makes the print pages take hyphenated fragments from `store` (and keep new ones there); undefined for none. */
export function keepHyphenationIn(store: HyphenationStore | undefined) {
  hyphenation = store
}

/** Placeholders written so far, per page rendered: each has its number. */
const placeholderCount = new WeakMap<PageRoot, number>()

/** Registers the theme's helpers on an isolated Handlebars instance. */
export function registerHelpers(handlebars: typeof Handlebars) {
  const safe = (html: string) => new handlebars.SafeString(html)

  /** A fragment of Markdown's HTML; in print, hyphenated in its language (`lang=`, by default the forum's). */
  handlebars.registerHelper(
    'fragment',
    function (fragment: HtmlFragment | undefined, options: HelperOptions) {
      if (!fragment) return ''
      const root = rootOf(options)
      if (root.mode === 'print') {
        const lang = typeof options.hash.lang === 'string' ? options.hash.lang : root.language
        return safe(hyphenated(fragment, lang))
      }
      return safe(root.inFolder ? (fragment.inFolder ?? fragment.atRoot) : fragment.atRoot)
    }
  )

  /**
   * A fragment inside a heading, which holds phrasing content only: its paragraphs' contents, one after the other, or
   * its plain text when it holds other blocks (a list, a table).
   */
  handlebars.registerHelper(
    'inlineFragment',
    function (fragment: HtmlFragment | undefined, text: unknown, options: HelperOptions) {
      if (!fragment) return ''
      const html = (
        rootOf(options).inFolder ? (fragment.inFolder ?? fragment.atRoot) : fragment.atRoot
      ).trim()
      if (!blockTag.test(html)) return safe(html)
      const paragraphs = html.split(/<\/p>\s*/).filter(Boolean)
      const phrasing = paragraphs.every(
        (paragraph) => paragraph.startsWith('<p>') && !blockTag.test(paragraph.slice(3))
      )
      return phrasing ? safe(paragraphs.map((paragraph) => paragraph.slice(3)).join(' ')) : String(text)
    }
  )

  /** A fragment inside a link of the page's own: its links become plain text, as a link holds no other. */
  handlebars.registerHelper(
    'unlinkedFragment',
    function (fragment: HtmlFragment | undefined, options: HelperOptions) {
      if (!fragment) return ''
      const html = rootOf(options).inFolder ? (fragment.inFolder ?? fragment.atRoot) : fragment.atRoot
      // The sanitized HTML quotes every attribute value with `"`: a tag ends at the first `>` outside quotes.
      return safe(html.replace(/<a(?:\s+[^\s=>]+(?:="[^"]*")?)*\s*>|<\/a>/g, ''))
    }
  )

  /** Link to a page of the site, from wherever the current page is. */
  handlebars.registerHelper('pageHref', function (page: string, options: HelperOptions) {
    return (rootOf(options).inFolder ? '../' : '') + page
  })

  /** Link to a session, or to an anchor in it: `{{sessionHref id}}`, `{{sessionHref id anchor}}`. */
  handlebars.registerHelper('sessionHref', function (sessionId: string, ...rest: unknown[]) {
    const options = rest.at(-1) as HelperOptions
    const anchor = rest.length > 1 ? String(rest[0]) : undefined
    const root = rootOf(options)
    if (root.mode === 'print') return printLink(root, anchor ?? sessionAnchor(sessionId))
    const page = `${siteFolder(root, 'sessions')}${encodeURIComponent(sessionId)}.html`
    return anchor ? `${page}#${anchor}` : page
  })

  handlebars.registerHelper(
    'contributionHref',
    function (contribution: Contribution, options: HelperOptions) {
      const root = rootOf(options)
      if (root.mode === 'print') return printLink(root, contribution.anchor)
      return `${siteFolder(root, 'sessions')}${encodeURIComponent(contribution.sessionId)}.html#${contribution.anchor}`
    }
  )

  /** Link to a contribution's own page, `contributions/<id>.html`. */
  handlebars.registerHelper('landingHref', function (contribution: Contribution, options: HelperOptions) {
    return `${siteFolder(rootOf(options), 'contributions')}${encodeURIComponent(contribution.id)}.html`
  })

  /** A link, in print, to an anchor in this piece or in another. */
  handlebars.registerHelper('printHref', function (anchor: string, options: HelperOptions) {
    return printLink(rootOf(options), anchor)
  })

  /**
   * How a text stands in the edition's language, when the volume has several editions: "Translated from Spanish by …",
   * "Machine translation from Spanish", "Original in Spanish"; empty for a text in the edition's language.
   */
  handlebars.registerHelper(
    'languageNote',
    function (text: {language?: string; translation?: TranslationInfo}, options: HelperOptions) {
      return languageNote(text, options.data.root as NoteContext)
    }
  )

  /** The same for the foreword: translated in this edition by …, or in the forum's language. */
  handlebars.registerHelper('forewordNote', function (options: HelperOptions) {
    const root = options.data.root as NoteContext
    return languageNote(
      {language: root.forum.forewordLanguage, translation: root.forum.forewordTranslation},
      root
    )
  })

  /** ` lang="…"` for a text in another language than the page's (`{{langIf contribution.language}}`), else nothing. */
  handlebars.registerHelper('langIf', function (language: unknown, options: HelperOptions) {
    const page = (options.data.root as {language: string}).language
    return typeof language === 'string' && language !== page
      ? safe(` lang="${handlebars.escapeExpression(language)}"`)
      : ''
  })

  /** The language a session's concept note is shown in: its translation's, or the forum's own. */
  handlebars.registerHelper(
    'sessionLanguage',
    function (session: {translation?: TranslationInfo}, options: HelperOptions) {
      return session.translation?.language ?? (options.data.root as {forum: Forum}).forum.textLanguage
    }
  )

  handlebars.registerHelper('formatDate', function (date: string | undefined, options: HelperOptions) {
    if (!date) return ''
    return longDate(rootOf(options).language).format(
      new Date(date.length === 10 ? `${date}T00:00:00Z` : date)
    )
  })

  /**
   * The page an anchor was printed on, in an element the PDF step can fill in
   * on a page already laid out. Until it is known, a four-digit placeholder
   * stands in: the default theme gives page numbers one width, up to five
   * digits, so that the lines stay where the number will be.
   */
  handlebars.registerHelper('pageOf', function (anchor: string, options: HelperOptions) {
    const root = rootOf(options)
    if (root.part?.placeholders) {
      const index = placeholderCount.get(root) ?? 0
      placeholderCount.set(root, index + 1)
      return safe(
        placeholderElement(
          handlebars.escapeExpression(anchor),
          index,
          options.hash.align === 'end' ? 'end' : 'start'
        )
      )
    }
    const pages = root.pages
    const label = pages ? (pages[anchor] ?? '') : '0000'
    return safe(pageOfElement(handlebars.escapeExpression(anchor), handlebars.escapeExpression(label)))
  })

  /**
   * A CSS string literal, safe inside a `<style>` element: quotes, backslashes,
   * `<` and `>`, and every control character (CSS ends a string at LF, CR and
   * form feed, and reads the rest as rules) are written as hex escapes.
   */
  handlebars.registerHelper('cssString', (value: unknown) =>
    safe(
      '"' +
        String(value).replace(
          // eslint-disable-next-line no-control-regex -- control characters are what it looks for
          /[\\"<>\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
          (character) => `\\${character.charCodeAt(0).toString(16)} `
        ) +
        '"'
    )
  )

  handlebars.registerHelper('join', (list: unknown, separator: unknown) =>
    Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : ''
  )

  /** Questions in runs of the same round, for headings between rounds. */
  handlebars.registerHelper('byRound', (questions: Question[]) => {
    const runs: {round: number | null; questions: Question[]}[] = []
    for (const question of questions) {
      const last = runs.at(-1)
      if (last && last.round === question.round) last.questions.push(question)
      else runs.push({round: question.round, questions: [question]})
    }
    return runs
  })

  /** The site's Content-Security-Policy, for the `<meta>` tag at the top of `<head>`. */
  handlebars.registerHelper('contentSecurityPolicy', () => safe(contentSecurityPolicy()))

  /** Whether a session shows a group for a question (its number, or `main`): a forum may leave out unanswered ones. */
  handlebars.registerHelper('hasGroup', (groups: unknown, question: unknown) =>
    Array.isArray(groups)
      ? (groups as Group[]).some((group) =>
          question === 'main' ? group.kind === 'main' : group.question?.number === question
        )
      : false
  )

  /** How many letters a reader sees in a text (graphemes, not UTF-16 units): a theme may size a word by it. */
  handlebars.registerHelper(
    'letterCount',
    (value: unknown) => [...new Intl.Segmenter().segment(String(value))].length
  )

  handlebars.registerHelper('concat', (...values: unknown[]) => values.slice(0, -1).join(''))

  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b)

  handlebars.registerHelper('or', (...values: unknown[]) => values.slice(0, -1).some(Boolean))

  /** "1 contribution", "12 contributions", in the forum's words (`{count}` stands for the number). */
  handlebars.registerHelper('contributionCount', function (count: number, options: HelperOptions) {
    const labels = (options.data.root as {labels: Labels}).labels
    return (count === 1 ? labels.oneContribution : labels.contributionCount).replaceAll(
      '{count}',
      String(count)
    )
  })
}

/** The relative path from the current page to a folder of the site. */
function siteFolder(root: PageRoot, folder: 'sessions' | 'contributions'): string {
  if (!root.inFolder) return `${folder}/`
  return (root.folder ?? 'sessions') === folder ? '' : `../${folder}/`
}

function printLink(root: PageRoot, anchor: string): string {
  const part = root.part
  return !part || part.local.has(anchor)
    ? `#${anchor}`
    : `${part.crossLinkPrefix}${encodeURIComponent(anchor)}`
}

/** Long date formats by language: making one costs as much as a page's other helpers together. */
const longDates = new Map<string, Intl.DateTimeFormat>()

function longDate(language: string): Intl.DateTimeFormat {
  let format = longDates.get(language)
  if (!format) {
    format = new Intl.DateTimeFormat(language, {dateStyle: 'long', timeZone: 'UTC'})
    longDates.set(language, format)
  }
  return format
}
