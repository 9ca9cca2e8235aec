import type {SectionKind} from '../model/types.js'

/** What the importer read a concept note as, in order: written out as the content format's Markdown. */
export type Block =
  | {type: 'section'; line: number; text: string}
  | {type: 'round'; line: number; round: number; word: string}
  | {type: 'heading'; line: number; text: string}
  | {type: 'item' | 'paragraph'; line: number; text: string; section: SectionKind | undefined}

export type TextBlock = Extract<Block, {type: 'item' | 'paragraph'}>

/** JSON strings are valid YAML scalars: no title or id can break the front matter. */
export function frontMatter(title: string, id: string | undefined): string {
  const keys = [`title: ${JSON.stringify(title)}`]
  if (id) keys.push(`id: ${JSON.stringify(id)}`)
  return `---\n${keys.join('\n')}\n---\n`
}

/** Objectives and questions are numbered 1..N across the note, as parseSession counts them. */
export function renderBlocks(blocks: Block[]): string {
  const count = {objectives: 0, questions: 0}
  return blocks
    .map((block, index) => {
      const previous = blocks[index - 1]
      const sameList =
        block.type === 'item' && previous?.type === 'item' && previous.section === block.section
      return (index === 0 ? '' : sameList ? '\n' : '\n\n') + renderBlock(block, count)
    })
    .join('')
}

function renderBlock(block: Block, count: {objectives: number; questions: number}): string {
  if (block.type === 'section' || block.type === 'heading') return `## ${escapeText(block.text)}`
  // In the note's own language: Round, Ronda or Tour.
  if (block.type === 'round')
    return `### ${block.word[0]!.toUpperCase()}${block.word.slice(1).toLowerCase()} ${block.round}`
  if (block.type === 'paragraph') return escapeText(block.text)
  if (block.section === 'objectives') return `${++count.objectives}. ${escapeText(block.text)}`
  if (block.section === 'guiding-questions') return `${++count.questions}. ${escapeText(block.text)}`
  return `- ${escapeText(block.text)}`
}

/**
 * Imported text is plain text: characters Markdown would read as syntax are
 * escaped. So are the `:` of `http://`, the `.` of `www.` and `@`: GitHub
 * Markdown would otherwise link an address as written, where no escape works.
 */
function escapeText(text: string): string {
  return text
    .replace(/[\\`*_[\]<~@]|&(?=#?[a-z0-9]+;)|(?<=https?):(?=\/\/)|(?<=www)\./gi, '\\$&')
    .replace(/^[#>+=-]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2')
    .replace(/(\s)(#+)$/, '$1\\$2')
}
