import {readFile} from 'node:fs/promises'
import type {Element, Root} from 'hast'
import {fromParse5} from 'hast-util-from-parse5'
import {parse} from 'parse5'
import {select, selectAll} from 'hast-util-select'
import {toText} from 'hast-util-to-text'

/** Parses an HTML file into a tree to query with CSS selectors (without source positions, which no test reads). */
export async function readHtml(file: string): Promise<Root> {
  return fromParse5(parse(await readFile(file, 'utf8'))) as Root
}

export {select, selectAll}

/** The text of an element, white space folded. */
export function text(node: Element | Root | undefined): string {
  return node ? toText(node).replace(/\s+/g, ' ').trim() : ''
}
