import {readFile} from 'node:fs/promises'
import type {Element, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {select, selectAll} from 'hast-util-select'
import {toText} from 'hast-util-to-text'

/** Parses an HTML file into a tree to query with CSS selectors. */
export async function readHtml(file: string): Promise<Root> {
  return fromHtml(await readFile(file, 'utf8'))
}

export {select, selectAll}

/** The text of an element, white space folded. */
export function text(node: Element | Root | undefined): string {
  return node ? toText(node).replace(/\s+/g, ' ').trim() : ''
}
