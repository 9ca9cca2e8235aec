import path from 'node:path'
import type {Element, Root as HastRoot} from 'hast'
import type {Heading, Root as MdastRoot, RootContent} from 'mdast'
import {toHtml} from 'hast-util-to-html'
import rehypeRaw from 'rehype-raw'
import {defaultSchema, sanitize, type Schema as SanitizeSchema} from 'hast-util-sanitize'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import {checkImage} from '../content/check-image.js'
import {fail, sourceOf, warn, type VFile} from '../content/content-file.js'
import {contentAnchor} from './anchors.js'
import {findExcess} from './markdown-limits.js'
import {parseGfm} from './markdown-parser.js'

/** An image a fragment refers to: copied from `source` to `<out>/<target>`, if its bytes are still those checked. */
export interface Asset {
  /** The file's real path. */
  source: string
  /** Its path in the output, under `assets/content/`, named by its hash. */
  target: string
  /** SHA-256 of its bytes when checked, in hex. */
  sha256: string
  /** Where it is first referred to, as `file:line:column` in the content folder, for a message if it changes. */
  reference: string
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
function walk<Tree extends TreeNode>(
  tree: Tree,
  visit: (node: TreeNode, index: number, parent: TreeNode) => void
) {
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

/**
 * Judges every image before sanitation, while every `src` is still there to
 * be judged and reported: a relative path to a file of the content folder
 * that checkImage accepts is pointed at its place under `assets/content/`,
 * named by the hash of its bytes, so that no two images, and no image and
 * theme file, share an output path. Anything else (a path out of the folder,
 * a link, a hidden or non-image file, a remote image, an image with several
 * sources) is replaced by its alternative text, with a warning at its line.
 */
function resolveImages(tree: HastRoot, file: VFile, contentRoot: string): Map<string, Asset> {
  const sources = new Map<string, Asset>()
  const placeOf = (node: Element) =>
    node.position
      ? {line: node.position.start.line + (file.data.bodyLine ?? 1) - 1, column: node.position.start.column}
      : undefined

  const judge = (node: Element): TreeNode | undefined => {
    const place = placeOf(node)
    const replace = (reason?: string, ruleId?: string, note?: string, alt = node.properties.alt) => {
      if (reason && ruleId) warn(file, reason, ruleId, place, note)
      return {type: 'text', value: String(alt ?? '')} as TreeNode
    }
    if (node.tagName === 'picture') {
      const fallback = findElement(node, 'img')
      return replace(
        `Image refused: \`<picture>\` is not published, expected one image with one \`src\``,
        'responsive-image',
        'Write the image as `![alt](images/chart.png)`; its alternative text is shown instead.',
        fallback?.properties.alt
      )
    }
    if (node.tagName === 'source') {
      return replace(
        `Image source \`${String(node.properties.srcSet ?? node.properties.src ?? '')}\` refused: \`<source>\` is not published, expected one image with one \`src\``,
        'responsive-image',
        'Write the image as `![alt](images/chart.png)`.',
        ''
      )
    }
    if (node.tagName !== 'img') return undefined
    const src = node.properties.src
    if (typeof src !== 'string' || src.trim() === '') return replace()
    if (node.properties.srcSet !== undefined) {
      return replace(
        `Image \`${src}\` refused: \`srcset\` is not published, expected one image with one \`src\``,
        'responsive-image',
        'Remove `srcset`; its alternative text is shown instead.'
      )
    }
    if (/^https?:\/\//i.test(src)) {
      return replace(
        `Image \`${src}\` not published: remote images are never loaded, expected a file in the content folder`,
        'remote-image',
        'Download the image into the content folder and write a relative path; its alternative text is shown instead.'
      )
    }

    const decoded = safeDecodeURI(src.split(/[?#]/)[0]!)
    if (
      /^[a-z][a-z0-9+.-]*:/i.test(decoded) ||
      decoded.startsWith('/') ||
      path.isAbsolute(decoded) ||
      decoded.includes('\u0000')
    ) {
      return replace(
        `Image \`${src}\` refused, expected a path relative to the file`,
        'image-path',
        'Put the image next to the contribution and write a relative path such as `images/chart.png`.'
      )
    }
    const absolute = path.resolve(path.dirname(file.path), decoded)
    const relative = path.relative(contentRoot, absolute)
    if (
      relative === '' ||
      relative === '..' ||
      relative.startsWith('..' + path.sep) ||
      path.isAbsolute(relative)
    ) {
      return replace(
        `Image \`${src}\` refused, expected a file inside the content folder`,
        'image-path',
        'Copy the image into the content folder.'
      )
    }
    const checked = checkImage(absolute, contentRoot, src)
    if ('ruleId' in checked) return replace(checked.reason, checked.ruleId, checked.hint)
    const target = `assets/content/${checked.sha256.slice(0, 32)}${checked.extension}`
    node.properties.src = target
    sources.set(target, {
      source: checked.real,
      target,
      sha256: checked.sha256,
      reference: `${sourceOf(file)}:${place?.line ?? 1}:${place?.column ?? 1}`
    })
    return undefined
  }

  const visit = (parent: TreeNode) => {
    const children = parent.children ?? []
    for (let index = 0; index < children.length; index++) {
      const child = children[index]!
      const replacement = isElement(child) ? judge(child) : undefined
      if (replacement) children[index] = replacement
      else if (child.children) visit(child)
    }
  }
  visit(tree)
  return sources
}

function findElement(tree: TreeNode, tagName: string): Element | undefined {
  for (const child of tree.children ?? []) {
    if (isElement(child) && child.tagName === tagName) return child
    const found = findElement(child, tagName)
    if (found) return found
  }
  return undefined
}

/** A URL's percent-escapes decoded; a malformed escape (`%E0%A4%A`, a lone `%`) is left as written. */
function safeDecodeURI(url: string): string {
  try {
    return decodeURI(url)
  } catch {
    return url
  }
}
