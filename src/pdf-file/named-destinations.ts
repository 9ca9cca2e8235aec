import {PDFArray, PDFDict, PDFHexString, PDFName, PDFString, type PDFObject} from 'pdf-lib'

type Resolve = (value: PDFObject | undefined) => PDFObject | undefined

/**
 * The named destinations of a catalog, each as a name and a destination.
 * Chromium writes them in a `/Dests` dictionary; a `/Names` tree of them,
 * the other form PDF allows, is read too, its keys turned into names.
 * Every dictionary and tree node is found through `resolve`; destinations
 * are left as they are, but for one written in place as a dictionary with
 * `/D`, which becomes its array.
 */
export function namedDestinations(catalog: PDFDict, resolve: Resolve): [PDFName, PDFObject][] {
  const found: [PDFName, PDFObject][] = []
  const dests = resolve(catalog.get(PDFName.of('Dests')))
  for (const [key, value] of dests instanceof PDFDict ? dests.entries() : []) found.push([key, direct(value)])
  const names = resolve(catalog.get(PDFName.of('Names')))
  const walk = (value: PDFObject | undefined, depth: number) => {
    const node = resolve(value)
    if (!(node instanceof PDFDict) || depth > maxDepth) return
    const pairs = node.get(PDFName.of('Names'))
    for (let index = 0; pairs instanceof PDFArray && index + 1 < pairs.size(); index += 2) {
      const key = pairs.get(index)
      if (key instanceof PDFString || key instanceof PDFHexString)
        found.push([PDFName.of(Buffer.from(key.asBytes()).toString('latin1')), direct(pairs.get(index + 1))])
    }
    const kids = node.get(PDFName.of('Kids'))
    for (const kid of kids instanceof PDFArray ? kids.asArray() : []) walk(kid, depth + 1)
  }
  if (names instanceof PDFDict) walk(names.get(PDFName.of('Dests')), 0)
  return found
}

function direct(value: PDFObject): PDFObject {
  return value instanceof PDFDict ? (value.get(PDFName.of('D')) ?? value) : value
}

/** A tree deeper than this is taken for a loop. */
const maxDepth = 32

/** What a destination points at (its page), whether written as an array or as a dictionary with `/D`. */
export function destinationTarget(value: PDFObject | undefined, resolve: Resolve): PDFObject | undefined {
  let destination = resolve(value)
  if (destination instanceof PDFDict) destination = resolve(destination.get(PDFName.of('D')))
  return destination instanceof PDFArray ? destination.get(0) : undefined
}
