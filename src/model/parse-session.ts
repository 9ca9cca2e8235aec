import {readPeople} from './people.js'
import type {Heading, List, ListItem, RootContent} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {sourceOf, warn, type VFile} from '../content/content-file.js'
import {readMatter} from '../content/read-matter.js'
import {sessionSchema} from '../content/schema.js'
import {partAnchor, sessionAnchor} from './anchors.js'
import {labelsFor} from './labels.js'
import {idFromPath} from './identifiers.js'
import {parseMarkdown, renderFragment, type FragmentOptions} from './markdown.js'
import {versionOf} from './translation-version.js'
import type {MainQuestion, Objective, Question, Section, SectionKind, Session} from './types.js'

/** The headings that name a section, after normalizeHeading. */
export const sectionNames: [SectionKind, RegExp][] = [
  ['summary', /^(summary|resumen|résumé)$/],
  [
    'concept-note',
    /^(concept note|background|context|nota conceptual|antecedentes|contexto|note conceptuelle|contexte)$/
  ],
  ['objectives', /^(objectives?|objetivos?|objectifs?)$/],
  [
    'main-question',
    /^((main|central) question|pregunta (principal|central)|question (principale|centrale))$/
  ],
  [
    'guiding-questions',
    /^(guiding questions|questions|discussion questions|key questions|questions for (the )?discussion|questions that will be addressed during the session|preguntas( orientadoras| guía| clave| para el debate)?|questions (directrices|d'orientation|clés|pour (la )?discussion))$/
  ]
]

/** `Round 2`, and the same in Spanish and French. */
const roundHeading = /^(?:round|ronda|tour) (\d+)$/

interface RawSection {
  kind: SectionKind
  heading: Heading | undefined
  nodes: RootContent[]
}

/** Heading text, lower-cased, spaces folded, trailing `:` or `.` dropped. */
export function normalizeHeading(heading: Heading): string {
  return toString(heading)
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s:.]+$/, '')
}

/**
 * Reads a concept note: front matter, then the body split into sections by
 * headings. Objectives and guiding questions are the items of the lists in
 * their sections, numbered 1..N across the session; `Round N` sub-headings
 * set the round of the questions after them.
 */
export function parseSession(file: VFile, contentRoot: string, forumLanguage: string): Session | undefined {
  const matter = readMatter(file, sessionSchema)
  if (!matter) return undefined

  const id = matter.id ?? idFromPath(sourceOf(file))
  const version = versionOf(file, matter.title)
  return {
    id,
    title: matter.title,
    date: matter.date,
    order: matter.order,
    moderators: readPeople(file, 'moderators', matter.moderators, forumLanguage),
    ...readConceptNote(file, {
      scope: sessionAnchor(id),
      title: matter.title,
      contentRoot,
      language: forumLanguage
    }),
    source: sourceOf(file),
    version
  }
}

/** The parts of a concept note's body, as a session or its translation holds them. */
export type ConceptNote = Pick<Session, 'summary' | 'sections' | 'objectives' | 'mainQuestion' | 'questions'>

/**
 * Splits a concept note's body into sections by headings (English, Spanish or French).
 * `scope` prefixes the ids in its fragments; a leading `# Title` repeating `title` is dropped.
 */
export function readConceptNote(
  file: VFile,
  options: {scope: string; title: string | undefined; contentRoot: string; language: string}
): ConceptNote {
  const {contentRoot} = options
  const tree = parseMarkdown(file)
  const first = tree.children[0]
  // A leading `# Title` repeating the session title is the document's own title, not a section.
  if (
    first?.type === 'heading' &&
    first.depth === 1 &&
    options.title !== undefined &&
    toString(first).trim().toLowerCase() === options.title.toLowerCase()
  ) {
    tree.children.shift()
  }

  const raw = splitSections(tree.children)
  // A question's text is shown twice on its page (in the list and over its group): it keeps no ids.
  const fragment = (nodes: RootContent[], part: string, repeated = false) =>
    renderFragment(nodes, file, {
      scope: partAnchor(options.scope, part),
      repeated,
      contentRoot,
      baseDepth: 3,
      footnoteLabel: labelsFor(options.language).footnotes
    } satisfies FragmentOptions)

  const objectives: Objective[] = []
  const questions: Question[] = []
  let mainQuestion: MainQuestion | null = null
  const sections: Section[] = []

  raw.forEach((section, index) => {
    const heading = section.heading ? toString(section.heading).trim() : undefined
    const rest: RootContent[] = []
    if (section.kind === 'objectives') {
      for (const node of section.nodes) {
        if (node.type === 'list') {
          for (const item of node.children) {
            const number = objectives.length + 1
            objectives.push({number, ...itemContent(item, (nodes) => fragment(nodes, `objective-${number}`))})
          }
        } else rest.push(node)
      }
      if (objectives.length === 0) warnNoList(file, section, 'objectives')
    } else if (section.kind === 'guiding-questions') {
      let round: number | null = null
      for (const node of section.nodes) {
        if (node.type === 'heading' && roundHeading.test(normalizeHeading(node))) {
          round = Number(roundHeading.exec(normalizeHeading(node))![1])
        } else if (node.type === 'list') {
          for (const item of node.children) {
            const number = questions.length + 1
            questions.push({
              number,
              round,
              ...itemContent(item, (nodes) => fragment(nodes, `question-${number}`, true))
            })
          }
        } else rest.push(node)
      }
      if (questions.length === 0) warnNoList(file, section, 'questions')
    } else if (section.kind === 'main-question') {
      if (mainQuestion) {
        warn(
          file,
          'Second main question section, expected one per session',
          'duplicate-main-question',
          place(file, section.heading),
          'Merge the two sections; only the first is used.'
        )
      } else {
        mainQuestion = {
          // A list's items are words apart, as its paragraphs are.
          text: section.nodes
            .flatMap((node) => (node.type === 'list' ? node.children : [node]).map((part) => toString(part)))
            .join(' ')
            .replace(/\s+/g, ' ')
            .trim(),
          html: fragment(section.nodes, 'main-question', true)
        }
      }
    } else rest.push(...section.nodes)

    sections.push({kind: section.kind, heading, body: fragment(rest, `section-${index + 1}`)})
  })

  const summary = raw.find((section) => section.kind === 'summary')
  return {
    summary: summary
      ? summary.nodes
          .map((node) => toString(node))
          .join('\n\n')
          .trim()
      : '',
    sections,
    objectives,
    mainQuestion,
    questions
  }
}

function splitSections(nodes: RootContent[]): RawSection[] {
  const sections: RawSection[] = []
  let current: RawSection = {kind: 'other', heading: undefined, nodes: []}
  const open = (next: RawSection) => {
    if (current.heading || current.nodes.length > 0) sections.push(current)
    current = next
  }

  for (const node of nodes) {
    if (node.type !== 'heading') {
      current.nodes.push(node)
      continue
    }
    const name = normalizeHeading(node)
    const kind = sectionNames.find(([, pattern]) => pattern.test(name))?.[0]
    if (kind) open({kind, heading: node, nodes: []})
    else if (current.kind === 'guiding-questions' && roundHeading.test(name)) current.nodes.push(node)
    else if (current.heading && node.depth > current.heading.depth) current.nodes.push(node)
    else open({kind: 'other', heading: node, nodes: []})
  }
  open(current)
  return sections
}

/** An item's text, and its HTML without the wrapping paragraph when it is a single one. */
function itemContent(item: ListItem, render: (nodes: RootContent[]) => Objective['html']) {
  const [only] = item.children
  const nodes = item.children.length === 1 && only?.type === 'paragraph' ? only.children : item.children
  return {
    text: toString(item).replace(/\s+/g, ' ').trim(),
    html: render(nodes as RootContent[])
  }
}

function warnNoList(file: VFile, section: RawSection, what: string) {
  warn(
    file,
    `No list in the ${section.heading ? `\`${toString(section.heading)}\`` : ''} section, expected ${what} as list items`,
    'no-list',
    place(file, section.heading),
    `Write each of the ${what} as an item of a numbered (\`1.\`) or bulleted (\`-\`) list.`
  )
}

function place(file: VFile, node: Heading | List | undefined) {
  if (!node?.position) return undefined
  return {line: node.position.start.line + (file.data.bodyLine ?? 1) - 1, column: node.position.start.column}
}
