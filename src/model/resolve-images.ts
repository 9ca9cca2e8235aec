import path from 'node:path'
import type {Element, Root as HastRoot} from 'hast'
import {checkImage} from '../content/check-image.js'
import {sourceOf, warn, type VFile} from '../content/content-file.js'
import {isElement, type TreeNode} from './tree-walk.js'

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
 * Judges every image before sanitation, while every `src` is still there to
 * be judged and reported: a relative path to a file of the content folder
 * that checkImage accepts is pointed at its place under `assets/content/`,
 * named by the hash of its bytes, so that no two images, and no image and
 * theme file, share an output path. Anything else (a path out of the folder,
 * a link, a hidden or non-image file, a remote image, an image with several
 * sources) is replaced by its alternative text, with a warning at its line.
 */
export function resolveImages(tree: HastRoot, file: VFile, contentRoot: string): Map<string, Asset> {
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
