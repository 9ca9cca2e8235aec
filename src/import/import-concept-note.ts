// The names parseSession recognises, so that every heading written here is read back as its section.
import {sectionNames} from '../model/parse-session.js'
import type {SectionKind} from '../model/types.js'
import {findPageFurniture} from './find-page-furniture.js'
import {frontMatter, renderBlocks, type Block, type TextBlock} from './write-markdown.js'

export interface ImportNote {
  /** 1-based line in the input text. */
  line: number
  /** `warning`: something to fix; `info`: a guess made, to check. */
  severity: 'warning' | 'info'
  message: string
}

export interface ImportResult {
  /** The concept note in the content format: YAML front matter (title placeholder) + Markdown body. */
  markdown: string
  /** What could not be recognised, for the user: line numbers are 1-based in the input text. */
  notes: ImportNote[]
}

export interface ImportOptions {
  title?: string
  id?: string
}

/** A non-blank input line, white space folded. */
interface Line {
  number: number
  text: string
  /** A blank line (or page-break debris) stands between this line and the previous one. */
  afterBlank: boolean
}

/** What an item line starts with: `1.`, `•`, `-`, or a letter, `a)`, `b.`, `(c)`. */
interface ItemMark {
  text: string
  /** 0 for `a`, 1 for `b`…, for a lettered item. */
  letter?: number
  mark: string
}

export const titlePlaceholder = 'TODO: session title'

const knownSections = 'Summary, Concept note, Objectives, Main question, Guiding questions'
const roundLine = /^(round|ronda|tour)\s+(\d+)\s*[.:]?$/i
const itemLine = /^(?:\(?\d{1,3}[.)](?:\s+|$)|[•◦▪‣·\uf0b7]\s*|[-*–]\s+)(.*)$/u
/** `a)`, `b.`, `(c)`, and in capitals `A)`, `(B)`: not `A.`, which starts sentences (`A. Smith said`). */
const letteredLine = /^(?:\(([a-z])\)|([a-z])[.)]|([A-Z])\))\s+(\S.*)$/
/** `SESSION 3: Financing the social economy`, `Plenary session – Local to global`. */
const sessionTitleLine =
  /^(?:(?:plenary|parallel|thematic)\s+)?(?:session|sesión|sesion|séance|seance|panel|plenary|workshop|webinar)(?:\s+(?:\d{1,3}|[ivx]{1,5}))?\s*[:.–—-]\s*(\S.*)$/iu

/**
 * Turns a concept note pasted or extracted from a PDF or Word file into a
 * concept-note Markdown file: hard-wrapped lines re-joined into paragraphs and
 * list items, known section headings as `##`, rounds as `### Round N`,
 * objectives and questions as numbered lists (questions numbered across rounds).
 */
export function importConceptNote(text: string, options: ImportOptions = {}): ImportResult {
  const notes: ImportNote[] = []
  const lines = readLines(text, notes)
  const given = options.title?.trim()
  const found = takeTitle(lines, given, notes)
  const title = given || found
  const blocks = groupBlocks(lines, notes)
  if (!title) {
    notes.push({
      line: 1,
      severity: 'warning',
      message: `No session title given, wrote the placeholder \`title: "${titlePlaceholder}"\`: replace it with the session's title.`
    })
  }
  const body = renderBlocks(blocks)
  const markdown = frontMatter(title || titlePlaceholder, options.id) + (body && `\n${body}\n`)
  return {markdown, notes: notes.sort((a, b) => a.line - b.line)}
}

/** The non-blank lines; page numbers and running headers left by a PDF count as blank lines. */
function readLines(text: string, notes: ImportNote[]): Line[] {
  const raw = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)
  const furniture = findPageFurniture(
    raw,
    (line) =>
      sectionOf(line) !== undefined || roundLine.test(line) || itemLine.test(line) || letteredLine.test(line)
  )
  notes.push(...furniture.notes)
  const lines: Line[] = []
  let afterBlank = false
  raw.forEach((rawLine, index) => {
    const line = rawLine.replace(/\s+/g, ' ').trim()
    if (line === '' || furniture.dropped.has(index)) {
      afterBlank = true
      return
    }
    lines.push({number: index + 1, text: line, afterBlank})
    afterBlank = false
  })
  return lines
}

/**
 * A first line `SESSION 3: Financing the social economy` names the session:
 * it is taken out of the text, and its title is used when none was given.
 */
function takeTitle(lines: Line[], given: string | undefined, notes: ImportNote[]): string | undefined {
  const first = lines[0]
  const match = first && sessionTitleLine.exec(first.text)
  const title = match?.[1]?.replace(/[\s.:]+$/, '')
  if (!first || !title || sectionOf(title)) return undefined
  lines.shift()
  notes.push({
    line: first.number,
    severity: 'info',
    message: given
      ? `Dropped the line \`${first.text}\`, taken for the session's title: the title given with --title was written instead.`
      : `Took \`${title}\` for the session title, from the line \`${first.text}\`: check \`title:\` in the front matter.`
  })
  return title
}

/**
 * Groups lines into headings, list items and paragraphs. A blank line does not
 * end a paragraph (extracted text has them inside sentences): a sentence that
 * is not finished always goes on, and a finished one ends the paragraph only
 * when the next line starts a new sentence.
 */
function groupBlocks(lines: Line[], notes: ImportNote[]): Block[] {
  const blocks: Block[] = []
  let section: SectionKind | undefined
  let open: TextBlock | undefined
  // Lettered items run a, b, c…: a letter out of turn is text (`b. 2021` ending a wrapped line).
  const runs: {line: number; first: string; last: string; section: SectionKind | undefined}[] = []
  let nextLetter = 0

  lines.forEach((line, index) => {
    const kind = sectionOf(line.text)
    const round = roundLine.exec(line.text)
    const item = readItem(line.text, nextLetter)
    if (item?.letter !== undefined) {
      if (item.letter === 0) runs.push({line: line.number, first: item.mark, last: item.mark, section})
      else runs.at(-1)!.last = item.mark
      nextLetter = item.letter + 1
    }
    if (kind) {
      section = kind
      nextLetter = 0
      open = undefined
      blocks.push({type: 'section', line: line.number, text: line.text.replace(/\s*[:.]$/, '')})
    } else if (round) {
      if (section !== 'guiding-questions') {
        notes.push({
          line: line.number,
          severity: 'warning',
          message: `\`${line.text}\` stands outside a guiding questions section, so its questions will not be read as guiding questions: add a \`## Guiding questions\` heading before it.`
        })
      }
      open = undefined
      blocks.push({type: 'round', line: line.number, round: Number(round[2]), word: round[1]!})
    } else if (item) {
      open = {type: 'item', line: line.number, text: item.text, section}
      blocks.push(open)
    } else if (open && continues(open, line)) {
      open.text = joinLines(open.text, line.text)
    } else if (looksLikeHeading(line, lines[index + 1])) {
      section = 'other'
      open = undefined
      blocks.push({type: 'heading', line: line.number, text: line.text})
      notes.push({
        line: line.number,
        severity: 'warning',
        message: `\`${line.text}\` looks like a heading but is not a known section (${knownSections}): kept as \`## ${line.text}\`.`
      })
    } else {
      open = {type: 'paragraph', line: line.number, text: line.text, section}
      blocks.push(open)
      noteStrayParagraph(open, notes)
    }
  })
  for (const run of runs) {
    const numbered = run.section === 'objectives' || run.section === 'guiding-questions'
    notes.push({
      line: run.line,
      severity: 'info',
      message: `Read ${run.first === run.last ? `\`${run.first}\`` : `\`${run.first}\` to \`${run.last}\``} as lettered list items, written as a ${numbered ? 'numbered list (the letters become numbers)' : 'bulleted list'}.`
    })
  }
  return blocks
}

/** A list item's text, and its letter when it is lettered and `expected` or `a`. */
function readItem(text: string, expected: number): ItemMark | undefined {
  const item = itemLine.exec(text)
  if (item) return {text: item[1] ?? '', mark: ''}
  const lettered = letteredLine.exec(text)
  if (!lettered) return undefined
  const letter = (lettered[1] ?? lettered[2] ?? lettered[3])!.toLowerCase().charCodeAt(0) - 97
  if (letter !== 0 && letter !== expected) return undefined
  return {text: lettered[4]!, letter, mark: text.slice(0, text.length - lettered[4]!.length).trim()}
}

/** The section a line names, when the whole line is a known heading. */
function sectionOf(text: string): SectionKind | undefined {
  // A lower-case line is the middle of a sentence, even when it reads "questions".
  if (!/^\p{Lu}/u.test(text)) return undefined
  const name = text.toLowerCase().replace(/[\s:.]+$/, '')
  return sectionNames.find(([, pattern]) => pattern.test(name))?.[0]
}

/**
 * Whether a line goes on with the open paragraph or item. A list item also
 * keeps a finished sentence followed directly by another (`Why? How?` wrapped),
 * and ends only when a blank line separates them.
 */
function continues(open: TextBlock, line: Line): boolean {
  if (!endsSentence(open.text) || !startsSentence(line.text)) return true
  return open.type === 'item' && !line.afterBlank
}

function endsSentence(text: string): boolean {
  return /[.?!:"”][)\]'’]*$/.test(text)
}

function startsSentence(text: string): boolean {
  return /^[("“‘'¿¡]*[\p{Lu}\p{N}]/u.test(text)
}

/** A word cut by a hyphen at the end of a line keeps its hyphen: `inter-` + `cooperation`. */
function joinLines(before: string, after: string): string {
  if (before === '') return after
  return /\p{L}-$/u.test(before) ? before + after : `${before} ${after}`
}

/**
 * A short capitalised line with no punctuation at its end, standing alone
 * between sentences. A line ending in `:` is left as text: it is more often
 * the lead-in of a list than a heading.
 */
function looksLikeHeading(line: Line, next: Line | undefined): boolean {
  const short = line.text.length <= 60 && line.text.split(' ').length <= 8
  const standsAlone =
    next === undefined ||
    startsSentence(next.text) ||
    itemLine.test(next.text) ||
    readItem(next.text, 0)?.letter === 0 ||
    roundLine.test(next.text)
  return short && standsAlone && /^\p{Lu}/u.test(line.text) && !/[.?!,;:]$/.test(line.text)
}

/** Paragraphs where the concept note expects lists, or outside any section, are kept but reported. */
function noteStrayParagraph(paragraph: TextBlock, notes: ImportNote[]) {
  const start = paragraph.text.length > 40 ? `${paragraph.text.slice(0, 40)}…` : paragraph.text
  if (paragraph.section === undefined) {
    notes.push({
      line: paragraph.line,
      severity: 'warning',
      message: `Text before the first known section heading (${knownSections}), kept as a paragraph: \`${start}\`.`
    })
  } else if (paragraph.section === 'objectives' || paragraph.section === 'guiding-questions') {
    const what = paragraph.section === 'objectives' ? 'objectives' : 'questions'
    notes.push({
      line: paragraph.line,
      severity: 'warning',
      message: `A paragraph among the ${what}, kept as text: only list items are read as ${what}. Make it a list item if it is one: \`${start}\`.`
    })
  }
}
