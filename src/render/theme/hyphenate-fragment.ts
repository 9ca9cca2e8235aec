import {createRequire} from 'node:module'
import type {Element, ElementContent, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
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
  const tree = fromHtml(html, {fragment: true})
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
            .map((piece, index) => (index % 2 === 1 ? piece : hyphenate(piece, {minWordLength: 6})))
            .join('')
        : hyphenate(child.value, {minWordLength: 6})
    } else if (child.type === 'element' && !verbatim.has(child.tagName)) {
      const lang = child.properties.lang
      // A passage marked in another language takes that language's patterns, or none.
      const inner = typeof lang === 'string' && lang !== language ? lang : language
      const innerHyphenate = inner === language ? hyphenate : hyphenatorFor(inner)
      if (innerHyphenate) hyphenateChildren(child, inner, innerHyphenate)
    }
  }
}
