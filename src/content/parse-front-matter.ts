import matter from 'gray-matter'
import {LineCounter, parseDocument, isMap, isSeq, isScalar, type Document, type Node} from 'yaml'
import {fail, type VFile} from './content-file.js'
import {reportUnclosed, reportUnquotedColon} from './front-matter-mistakes.js'
import {findMatterEnd} from './matter-end.js'
import {readSimpleYaml} from './simple-yaml.js'

/** Front matter larger than this is refused before YAML sees it. */
const MAX_MATTER_BYTES = 64 * 1024
/** Aliases expand data; a few are fine, a "billion laughs" is not. */
const MAX_ALIAS_COUNT = 50
const MAX_DEPTH = 20

/**
 * Splits a file into YAML front matter and Markdown body and parses the YAML
 * as plain data. Only YAML is accepted: a fence such as `---js` would make
 * gray-matter evaluate the block, so it is refused before gray-matter runs.
 * Sets `file.data.matter`, `matterDocument`, `body` and `bodyLine`.
 * Returns false when the file has no usable front matter.
 *
 * Front matter in the plain shape nearly all of it has is read by
 * `readSimpleYaml`, without positions, unless `positions` is asked for.
 */
export function parseFrontMatter(file: VFile, positions = false): boolean {
  const text = String(file.value)
  file.data.matter = {}
  file.data.matterDocument = undefined
  file.data.matterWithoutPositions = false
  file.data.body = text
  file.data.bodyLine = 1

  const fence = /^---([^\n]*)(?:\n|$)/.exec(text)
  if (!fence) return false

  const language = (fence[1] ?? '').trim()
  if (language !== '' && !/^ya?ml$/i.test(language)) {
    fail(
      file,
      `Unsupported front matter language \`${language}\`, expected YAML`,
      'front-matter-language',
      {line: 1, column: 4},
      'Open the front matter with a plain `---` line; only YAML is read.'
    )
    return false
  }
  if (!/\n---[ \t]*(?:\n|$)/.test(text.slice(fence[0].length - 1))) {
    reportUnclosed(file, text)
    return false
  }

  let document: Document.Parsed | undefined
  let simple: Record<string, unknown> | undefined
  const lineCounter = new LineCounter()
  // gray-matter copies the text it is given into a Buffer and looks it up in a cache by the whole
  // text, which took a third of its time: it is given the front matter alone, up to the line that
  // closes it (where it would close it too), and the body is cut here as gray-matter cuts it.
  const close = text.indexOf('\n---', 3) + '\n---'.length
  matter(text.slice(0, close), {
    language: 'yaml',
    engines: {
      yaml: {
        parse(source: string) {
          simple = positions || source.length > MAX_MATTER_BYTES ? undefined : readSimpleYaml(source)
          if (!simple) document = parseYaml(file, source, lineCounter)
          return {}
        },
        stringify: () => ''
      }
    }
  })

  let body = text.slice(close)
  if (body.startsWith('\r')) body = body.slice(1)
  if (body.startsWith('\n')) body = body.slice(1)
  file.data.body = body
  file.data.bodyLine = countLines(text.slice(0, text.length - body.length))
  if (simple) {
    file.data.matter = simple
    file.data.matterWithoutPositions = true
    return true
  }
  if (!document) return false

  file.data.matterDocument = document
  const data = toPlainData(file, document, lineCounter)
  if (data === undefined) return false
  file.data.matter = data
  return true
}

function parseYaml(file: VFile, source: string, lineCounter: LineCounter): Document.Parsed | undefined {
  if (source.length > MAX_MATTER_BYTES) {
    fail(
      file,
      `Front matter too large: ${source.length} characters, expected at most ${MAX_MATTER_BYTES}`,
      'front-matter-too-large',
      {line: 2, column: 1}
    )
    return undefined
  }
  let document: Document.Parsed
  try {
    document = parseDocument(source, {
      lineCounter,
      uniqueKeys: true,
      prettyErrors: false,
      version: '1.2',
      schema: 'core',
      merge: false,
      // Problems become messages on the file, never warnings on the process's stderr.
      logLevel: 'error'
    })
  } catch (error) {
    fail(file, `Cannot parse front matter: ${(error as Error).message}`, 'yaml-syntax', {line: 2, column: 1})
    return undefined
  }
  const [first] = document.errors
  if (first && /call stack/i.test(first.message)) {
    fail(
      file,
      `Front matter nested too deeply, expected at most ${MAX_DEPTH} levels`,
      'front-matter-shape',
      matterPlace(lineCounter, first.pos[0])
    )
    return undefined
  }
  if (first) {
    const place = matterPlace(lineCounter, first.pos[0])
    const text = String(file.value)
    // A `---` rule in the body closed front matter whose own closing line is missing.
    const closeLine = countLines(text.slice(0, text.indexOf('\n---', 3) + 1))
    if (findMatterEnd(text, closeLine)) {
      reportUnclosed(file, text, closeLine)
      return undefined
    }
    if (first.code === 'BLOCK_AS_IMPLICIT_KEY' && reportUnquotedColon(file, text, place)) return undefined
    const reason =
      first.code === 'DUPLICATE_KEY'
        ? `Duplicate key in front matter: ${firstLine(first.message)}`
        : `Invalid YAML in front matter: ${firstLine(first.message)}`
    fail(
      file,
      reason,
      first.code === 'DUPLICATE_KEY' ? 'yaml-duplicate-key' : 'yaml-syntax',
      place,
      first.code === 'DUPLICATE_KEY'
        ? 'Keep one of the two keys.'
        : 'Check indentation, colons and quotes on that line.'
    )
    return undefined
  }
  return document
}

function toPlainData(file: VFile, document: Document.Parsed, lineCounter: LineCounter) {
  let data: unknown
  try {
    if (depth(document.contents) > MAX_DEPTH) {
      fail(
        file,
        `Front matter nested too deeply, expected at most ${MAX_DEPTH} levels`,
        'front-matter-shape',
        matterPlace(lineCounter, 0)
      )
      return undefined
    }
    data = document.toJS({maxAliasCount: MAX_ALIAS_COUNT})
  } catch (error) {
    const message = (error as Error).message
    const aliasBomb = /alias/i.test(message)
    fail(
      file,
      aliasBomb
        ? 'Front matter expands too many aliases, expected plain data'
        : `Cannot read front matter: ${firstLine(message)}`,
      aliasBomb ? 'yaml-alias-limit' : 'yaml-syntax',
      {line: 2, column: 1},
      aliasBomb ? 'Write the values out instead of using `&anchors` and `*aliases`.' : undefined
    )
    return undefined
  }
  if (data === null || data === undefined) return {}
  if (typeof data !== 'object' || Array.isArray(data)) {
    fail(
      file,
      `Front matter must be a mapping of keys to values, found ${describe(data)}`,
      'front-matter-shape',
      {line: 2, column: 1}
    )
    return undefined
  }
  return data as Record<string, unknown>
}

/**
 * Position of a YAML offset as a place in the whole file. gray-matter hands
 * the YAML over starting with the line break that ends the `---` line, so
 * YAML line 1 is the file's line 1.
 */
function matterPlace(lineCounter: LineCounter, offset: number) {
  const {line, col} = lineCounter.linePos(offset)
  return {line, column: col}
}

/**
 * Where a value (or, with `key: true`, its key) stands in the file, for
 * messages about front matter. Falls back to the first line of the matter.
 */
export function placeOf(file: VFile, keyPath: readonly PropertyKey[], options: {key?: boolean} = {}) {
  let {document} = matterOf(file)
  if (!document && file.data.matterWithoutPositions) {
    parseFrontMatter(file, true)
    document = file.data.matterDocument
  }
  const fallback = {line: 2, column: 1}
  if (!document) return fallback
  let node: unknown = document.contents
  let found: Node | undefined
  for (const segment of keyPath) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment)
      if (!pair) break
      found = (options.key && segment === keyPath.at(-1) ? pair.key : (pair.value ?? pair.key)) as Node
      node = pair.value
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined
      if (!item) break
      found = item
      node = item
    } else break
  }
  const offset = found?.range?.[0]
  if (offset === undefined) return fallback
  // Recompute line and column from the text: the document keeps no line counter.
  const source = String(file.value)
  const matterStart = source.indexOf('\n')
  const before = source.slice(0, matterStart + offset)
  const line = countLines(before)
  return {line, column: before.length - before.lastIndexOf('\n')}
}

/**
 * Lets go of what parsing kept on the file (the YAML document with every
 * node's position, the data, the body): thousands of them weigh hundreds of
 * MB. `matterOf` and `placeOf` read the front matter again when a message
 * needs a position.
 */
export function releaseFrontMatter(file: VFile) {
  file.data.matter = undefined
  file.data.matterDocument = undefined
  file.data.matterWithoutPositions = false
  file.data.body = undefined
}

/**
 * The front matter of a file, parsed now if it was not (a file whose parse
 * came from the build cache): positions are only needed when there is
 * something to report.
 */
export function matterOf(file: VFile): {
  data: Record<string, unknown>
  document: Document.Parsed | undefined
} {
  if (file.data.matter === undefined) parseFrontMatter(file)
  return {data: file.data.matter ?? {}, document: file.data.matterDocument}
}

function depth(node: unknown): number {
  if (isMap(node)) return 1 + Math.max(0, ...node.items.map((item) => depth(item.value)))
  if (isSeq(node)) return 1 + Math.max(0, ...node.items.map((item) => depth(item)))
  return 0
}

function countLines(text: string): number {
  let lines = 1
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lines++
  return lines
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return `the text \`${value.length > 40 ? value.slice(0, 40) + '…' : value}\``
  return `the ${typeof value} \`${String(value)}\``
}
