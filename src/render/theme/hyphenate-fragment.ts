import {createRequire} from 'node:module'
import type {Element, ElementContent, Root} from 'hast'
import {fromParse5} from 'hast-util-from-parse5'
import {parseFragment} from 'parse5'
import {toHtml} from 'hast-util-to-html'

type Hyphenate = (text: string, options?: {minWordLength?: number}) => string

/**
 * Chromium's headless shell has no hyphenation dictionaries, so `hyphens:
 * auto` breaks no word in print: justified lines then stretch their spaces.
 * The print pages are given soft hyphens (U+00AD) instead, placed by TeX's
 * patterns for the text's language (the `hyphen` package), where a word may
 * break. The site keeps its text as written, for search and copying.
 */

const loadPackage = createRequire(import.meta.url)
const hyphenators = new Map<string, Hyphenate | undefined>()

/** The `hyphen` patterns for a BCP 47 tag (`fr-CA` falls back to `fr`), or undefined for a language it lacks. */
function hyphenatorFor(language: string): Hyphenate | undefined {
  const tag = language.toLowerCase()
  if (hyphenators.has(tag)) return hyphenators.get(tag)
  let found: Hyphenate | undefined
  for (const name of [tag, tag.split('-')[0]!]) {
    // A language tag is letters, digits and `-`: it names a module of the package, never a path.
    if (!/^[a-z]{2,3}(-[a-z0-9]+)*$/.test(name)) continue
    try {
      found = (loadPackage(`hyphen/${name}`) as {hyphenateSync: Hyphenate}).hyphenateSync
      break
    } catch {
      // No patterns for this tag: try the next, shorter one.
    }
  }
  hyphenators.set(tag, found)
  return found
}

/**
 * What the `hyphen` package takes for a word: a run of anything but white space and ASCII punctuation, digits and
 * symbols (the apostrophe is part of a word) and the dashes, quotes and marks from U+2013 to U+203C. Without the `u`
 * flag, as the package reads text one UTF-16 unit at a time.
 */
const packageWord = /[^\s!-&(-@[-`{-~\u2013-\u203C]+/g

/** Words already hyphenated, per set of patterns: prose repeats its words, and the package reads text a letter at a time. */
const hyphenatedWords = new WeakMap<Hyphenate, Map<string, string>>()

/** Words of at least this many letters (UTF-16 units, as the package counts) are hyphenated. */
const minWordLength = 6

/**
 * `text` hyphenated as the package does (`hyphenate(text, {minWordLength})`), each word looked up once. A text with
 * `<` (which the package takes for the start of a tag it leaves alone) or with soft hyphens already is given to the
 * package whole; a property test holds the two to the same output.
 */
export function hyphenateText(text: string, hyphenate: Hyphenate): string {
  if (text.includes('<') || text.includes('\u00AD')) return hyphenate(text, {minWordLength})
  let words = hyphenatedWords.get(hyphenate)
  if (!words) hyphenatedWords.set(hyphenate, (words = new Map()))
  const known = words
  return text.replace(packageWord, (word) => {
    if (word.length < minWordLength) return word
    let hyphenated = known.get(word)
    if (hyphenated === undefined) known.set(word, (hyphenated = hyphenate(word, {minWordLength})))
    return hyphenated
  })
}

/** Elements whose text is not prose: code, keyboard input, and tables (figures, names, short cells). */
const verbatim = new Set(['code', 'pre', 'kbd', 'samp', 'var', 'table', 'script', 'style', 'svg', 'math'])

/** Web addresses, e-mail addresses and paths, which a hyphen would change. */
const address = /(\S*(?:[@/\\]\S|:\/\/|www\.)\S*)/u
/** What every address above has: a text without any of these holds none. */
const mayHoldAddress = /[@/\\]|www\./u

/** The fragment's HTML with soft hyphens in the words of its prose, in `language`. */
export function hyphenateHtml(html: string, language: string): string {
  const hyphenate = hyphenatorFor(language)
  if (!hyphenate || !/\p{L}{5}/u.test(html)) return html
  // Parsed without source positions: recording them is most of a parse's time, and nothing reads them here.
  const tree = fromParse5(parseFragment(html)) as Root
  hyphenateChildren(tree, language, hyphenate)
  return toHtml(tree)
}

function hyphenateChildren(parent: Root | Element, language: string, hyphenate: Hyphenate) {
  for (const child of parent.children as ElementContent[]) {
    if (child.type === 'text') {
      // Most text holds no address: the pattern, slow to scan, is tried only where one may stand.
      child.value = mayHoldAddress.test(child.value)
        ? child.value
            .split(address)
            .map((piece, index) => (index % 2 === 1 ? piece : hyphenateText(piece, hyphenate)))
            .join('')
        : hyphenateText(child.value, hyphenate)
    } else if (child.type === 'element' && !verbatim.has(child.tagName)) {
      const lang = child.properties.lang
      // A passage marked in another language takes that language's patterns, or none.
      const inner = typeof lang === 'string' && lang !== language ? lang : language
      const innerHyphenate = inner === language ? hyphenate : hyphenatorFor(inner)
      if (innerHyphenate) hyphenateChildren(child, inner, innerHyphenate)
    }
  }
}
