import {statSync} from 'node:fs'
import path from 'node:path'
import type {Element, Root as HastRoot} from 'hast'
import type {Heading, Root as MdastRoot, RootContent} from 'mdast'
import {toHtml} from 'hast-util-to-html'
import rehypeRaw from 'rehype-raw'
import {defaultSchema, sanitize, type Schema as SanitizeSchema} from 'hast-util-sanitize'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import {fail, warn, type VFile} from '../content/content-file.js'
import {findExcess} from './markdown-limits.js'
import {parseGfm} from './markdown-parser.js'

/** An asset a fragment refers to: copied from `source` to `<out>/<target>`. */
export interface Asset {
  source: string
  target: string
}

/**
 * Sanitized HTML of some Markdown. Relative asset URLs depend on where the
 * page stands, so a fragment with images is kept for pages at the root of the
 * site and for pages one folder down (`sessions/`); one without is the same
 * for both, and kept once (in the build cache too).
 */
export interface HtmlFragment {
  atRoot: string
  /** Only when it differs from `atRoot`. */
  inFolder?: string
  assets: Asset[]
}

export interface FragmentOptions {
  /** Prefix for every `id` and in-page link, unique on the page. */
  scope: string
  /** Absolute path of the content folder: assets must stay inside it. */
  contentRoot: string
  /** The heading level the fragment's highest heading is moved to. */
  baseDepth: number
  /** Footnote section title, in the language of the text. */
  footnoteLabel: string
}

/** GitHub's sanitation schema, without its prefixing: ids are scoped per fragment instead. */
const sanitizeSchema: SanitizeSchema = {...defaultSchema, clobberPrefix: ''}

const toHastProcessors = new Map<string, ReturnType<typeof createToHast>>()

/** Markdown to HTML tree; raw HTML in the Markdown is parsed only when there is some (parse5 is costly). */
function createToHast(footnoteLabel: string, raw: boolean) {
  const base = unified().use(remarkRehype, {
    allowDangerousHtml: true,
    clobberPrefix: '',
    footnoteLabel,
    footnoteBackLabel: (index: number) => `${footnoteLabel} ${index + 1}`
  })
  return (raw ? base.use(rehypeRaw) : base).freeze()
}

function toHastProcessor(footnoteLabel: string, raw: boolean) {
  const key = `${raw}\u0000${footnoteLabel}`
  let processor = toHastProcessors.get(key)
  if (!processor) {
    processor = createToHast(footnoteLabel, raw)
    toHastProcessors.set(key, processor)
  }
  return processor
}

/** Parses a file's Markdown body. Positions are relative to the body. Refuses a body past one of markdownLimits. */
export function parseMarkdown(file: VFile): MdastRoot {
  const body = file.data.body ?? String(file.value)
  const excess = findExcess(body)
  if (excess) {
    fail(file, excess.reason, excess.ruleId, {line: excess.line + (file.data.bodyLine ?? 1) - 1, column: 1}, excess.note)
    return {type: 'root', children: []}
  }
  return parseGfm(body)
}

/** Turns Markdown nodes of a file into a sanitized HTML fragment. */
export function renderFragment(
  nodes: readonly RootContent[],
  file: VFile,
  options: FragmentOptions
): HtmlFragment {
  // The nodes belong to this fragment alone: moving their headings in place is safe.
  const mdast: MdastRoot = {type: 'root', children: nodes as RootContent[]}
  const headings: Heading[] = []
  let rawHtml = false
  walk(mdast, (node) => {
    if (node.type === 'heading') headings.push(node as Heading)
    else if (node.type === 'html') rawHtml = true
  })
  shiftHeadings(headings, options.baseDepth)

  const raw = toHastProcessor(options.footnoteLabel, rawHtml).runSync(mdast, file) as HastRoot
  // Images first, while every `src` is still there to be judged and reported.
  const sources = resolveImages(raw, file, options.contentRoot)
  const hast = sanitize(raw, sanitizeSchema) as HastRoot
  const images = scopeIdsAndCollectAssets(hast, options.scope, sources)
  const atRoot = toHtml(hast)
  if (images.length === 0) return {atRoot, assets: []}

  for (const {element, asset} of images) element.properties.src = '../' + encodeURI(asset.target)
  const inFolder = toHtml(hast)
  return {atRoot, inFolder, assets: images.map(({asset}) => asset)}
}

interface TreeNode {
  type: string
  children?: TreeNode[]
}

/**
 * Calls `visit` on every node under `tree`, in document order, with its
 * parent and index; a node the visitor replaces in its parent keeps its own
 * children visited. A plain loop: the generic tree walker names a function
 * for each node it meets, which costs a tenth of a contribution's parse.
 */
function walk<Tree extends TreeNode>(tree: Tree, visit: (node: TreeNode, index: number, parent: TreeNode) => void) {
  const children = tree.children ?? []
  for (let index = 0; index < children.length; index++) {
    const child = children[index]!
    visit(child, index, tree)
    if (child.children) walk(child, visit)
  }
}

function isElement(node: TreeNode): node is Element {
  return node.type === 'element'
}

/** Moves headings so the highest one is at `baseDepth`, keeping their relative levels. */
function shiftHeadings(headings: Heading[], baseDepth: number) {
  const highest = Math.min(...headings.map((heading) => heading.depth))
  for (const heading of headings) heading.depth = Math.min(6, heading.depth - highest + baseDepth) as Heading['depth']
}

/**
 * Prefixes ids and in-page links so that two fragments on one page never
 * collide, and returns the images left after sanitation with the files they
 * come from. Every relative `src` was rewritten by resolveImages, so each
 * maps to a checked file.
 */
function scopeIdsAndCollectAssets(tree: HastRoot, scope: string, sources: Map<string, string>) {
  const prefix = (value: unknown) => `${scope}-${String(value)}`
  const found: {element: Element; asset: Asset}[] = []
  walk(tree, (node) => {
    if (!isElement(node)) return
    const props = node.properties
    if (props.id !== undefined) props.id = prefix(props.id)
    // A table column's alignment (`:---:`, `---:`) as a class: `align` is obsolete in HTML, and a stylesheet's
    // `td { text-align: left }` would win over it.
    if ((node.tagName === 'td' || node.tagName === 'th') && typeof props.align === 'string') {
      props.className = [`align-${props.align}`]
      delete props.align
    }
    for (const key of ['ariaDescribedBy', 'ariaLabelledBy'] as const) {
      const value = props[key]
      if (Array.isArray(value)) props[key] = value.map(prefix)
      else if (value !== undefined) props[key] = [prefix(value)]
    }
    if (node.tagName === 'a' && typeof props.href === 'string' && props.href.startsWith('#')) {
      props.href = '#' + prefix(props.href.slice(1))
    }
    if (node.tagName === 'img' && typeof props.src === 'string') {
      // Only the images resolveImages kept have a source; any other `src` (a remote one) may hold a broken escape.
      const target = safeDecodeURI(props.src)
      const source = sources.get(target)
      if (source) found.push({element: node, asset: {source, target}})
    }
  })
  return found
}

/**
 * Resolves relative image paths against the file, keeps them inside the
 * content folder, and points them at their place under `assets/`. An image
 * that escapes the folder, is absolute or is missing is dropped with a
 * warning; its alternative text stays.
 */
function resolveImages(tree: HastRoot, file: VFile, contentRoot: string): Map<string, string> {
  const sources = new Map<string, string>()
  const line = (node: Element) => (node.position ? {line: node.position.start.line + (file.data.bodyLine ?? 1) - 1, column: node.position.start.column} : undefined)

  walk(tree, (node, index, parent) => {
    if (!isElement(node) || node.tagName !== 'img') return
    const dropImage = (reason?: string, ruleId?: string, note?: string) => {
      if (reason && ruleId) warn(file, reason, ruleId, line(node), note)
      parent.children![index] = {type: 'text', value: String(node.properties.alt ?? '')} as TreeNode
    }
    const src = node.properties.src
    if (typeof src !== 'string' || src.trim() === '') {
      dropImage()
      return
    }
    if (/^https?:\/\//i.test(src)) return

    const decoded = safeDecodeURI(src.split(/[?#]/)[0]!)
    if (/^[a-z][a-z0-9+.-]*:/i.test(decoded) || decoded.startsWith('/') || path.isAbsolute(decoded)) {
      dropImage(`Image \`${src}\` refused, expected a path relative to the file`, 'image-path',
        'Put the image next to the contribution and write a relative path such as `images/chart.png`.')
      return
    }
    const absolute = path.resolve(path.dirname(file.path), decoded)
    const relative = path.relative(contentRoot, absolute)
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      dropImage(`Image \`${src}\` refused, expected a file inside the content folder`, 'image-path',
        'Copy the image into the content folder.')
      return
    }
    if (!isFile(absolute)) {
      dropImage(`Image \`${src}\` not found`, 'missing-image', `Expected a file at ${relative.split(path.sep).join('/')}.`)
      return
    }
    const target = 'assets/' + relative.split(path.sep).join('/')
    node.properties.src = encodeURI(target)
    sources.set(target, absolute)
  })
  return sources
}

function isFile(file: string): boolean {
  try {
    return statSync(file, {throwIfNoEntry: false})?.isFile() ?? false
  } catch {
    // A path no file system accepts (a NUL byte in it) names no file.
    return false
  }
}

/** A URL's percent-escapes decoded; a malformed escape (`%E0%A4%A`, a lone `%`) is left as written. */
function safeDecodeURI(url: string): string {
  try {
    return decodeURI(url)
  } catch {
    return url
  }
}
