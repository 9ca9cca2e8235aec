import type {Element, Root as HastRoot} from 'hast'
import type {Heading, Root as MdastRoot, RootContent} from 'mdast'
import {toHtml} from 'hast-util-to-html'
import rehypeRaw from 'rehype-raw'
import {defaultSchema, sanitize, type Schema as SanitizeSchema} from 'hast-util-sanitize'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import {fail, type VFile} from '../content/content-file.js'
import {contentAnchor} from './anchors.js'
import {findExcess} from './markdown-limits.js'
import {parseGfm} from './markdown-parser.js'
import {resolveImages, type Asset} from './resolve-images.js'
import {isElement, walk} from './tree-walk.js'

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
  /** The anchor every `id` and in-page link of the text is put under (see anchors.ts). */
  scope: string
  /** The fragment is shown more than once on its page: its ids are dropped, since two elements cannot share one. */
  repeated?: boolean
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
    fail(
      file,
      excess.reason,
      excess.ruleId,
      {line: excess.line + (file.data.bodyLine ?? 1) - 1, column: 1},
      excess.note
    )
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
  const images = scopeIdsAndCollectAssets(hast, file, options, sources)
  const atRoot = toHtml(hast)
  if (images.length === 0) return {atRoot, assets: []}

  for (const {element, asset} of images) element.properties.src = '../' + asset.target
  const inFolder = toHtml(hast)
  return {atRoot, inFolder, assets: images.map(({asset}) => asset)}
}

/** Moves headings so the highest one is at `baseDepth`, keeping their relative levels. */
function shiftHeadings(headings: Heading[], baseDepth: number) {
  const highest = Math.min(...headings.map((heading) => heading.depth))
  for (const heading of headings)
    heading.depth = Math.min(6, heading.depth - highest + baseDepth) as Heading['depth']
}

/**
 * Puts ids and in-page links under the fragment's scope, so that no text can
 * take the place of another's anchor, and returns the images left after
 * sanitation with the files they come from. Every relative `src` was
 * rewritten by resolveImages, so each maps to a checked file. Two elements
 * of one text with the same id (raw HTML, or raw HTML and a footnote) are an
 * error at both.
 */
function scopeIdsAndCollectAssets(
  tree: HastRoot,
  file: VFile,
  options: FragmentOptions,
  sources: Map<string, Asset>
) {
  const prefix = (value: unknown) => contentAnchor(options.scope, String(value))
  const found: {element: Element; asset: Asset}[] = []
  const seen = new Map<string, Element>()
  walk(tree, (node) => {
    if (!isElement(node)) return
    const props = node.properties
    if (props.id !== undefined) {
      if (options.repeated) delete props.id
      else {
        const first = seen.get(String(props.id))
        if (first) reportDuplicateId(file, String(props.id), first, node)
        else seen.set(String(props.id), node)
        props.id = prefix(props.id)
      }
    }
    // A table column's alignment (`:---:`, `---:`) as a class: `align` is obsolete in HTML, and a stylesheet's
    // `td { text-align: left }` would win over it.
    if ((node.tagName === 'td' || node.tagName === 'th') && typeof props.align === 'string') {
      props.className = [`align-${props.align}`]
      delete props.align
    }
    // `<a name>` is a link target too; a form control's name is not.
    if (node.tagName === 'a' && props.name !== undefined) {
      if (options.repeated) delete props.name
      else props.name = prefix(props.name)
    }
    for (const key of ['ariaDescribedBy', 'ariaLabelledBy', 'htmlFor', 'headers'] as const) {
      const value = props[key]
      if (Array.isArray(value)) props[key] = value.map(prefix)
      else if (value !== undefined) props[key] = [prefix(value)]
    }
    if (node.tagName === 'a' && typeof props.href === 'string' && props.href.startsWith('#')) {
      props.href = '#' + prefix(props.href.slice(1))
    }
    if (node.tagName === 'img' && typeof props.src === 'string') {
      const asset = sources.get(props.src)
      if (asset) found.push({element: node, asset})
    }
  })
  return found
}

function reportDuplicateId(file: VFile, id: string, first: Element, second: Element) {
  const line = (node: Element) =>
    node.position ? node.position.start.line + (file.data.bodyLine ?? 1) - 1 : undefined
  const firstLine = line(first)
  const secondLine = line(second)
  fail(
    file,
    `Duplicate id \`${id}\` in the text${firstLine === undefined ? '' : `, also at line ${firstLine}`}: links and page numbers can point at one element only`,
    'duplicate-anchor',
    secondLine === undefined ? undefined : {line: secondLine, column: second.position!.start.column},
    '`fn-1`, `fnref-1` and `footnote-label` are taken by footnotes: give each element of the text an id of its own.'
  )
}
