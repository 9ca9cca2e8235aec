import {stringify} from 'yaml'
import type {z} from 'zod'
import {personSchema} from '../content/schema.js'

/** One line of YAML: its text (with indentation), a trailing comment, and whether it is commented out. */
export interface MatterLine {
  text: string
  comment?: string
  off?: boolean
}

/** The lines a key is written with; `off` comments out the whole block. */
export interface MatterEntry {
  lines: MatterLine[]
  off?: boolean
}

/** One entry per key of the schema: the type fails to check when the schema gains a key the writer forgot. */
export type MatterEntries<Schema extends z.ZodObject> = {[Key in keyof Schema['shape'] & string]: MatterEntry}

/** Trailing comments line up at this column, unless the YAML is longer. */
const commentColumn = 36

/**
 * Writes a front-matter block with every key of the schema, in the schema's
 * order, so that editors see all the keys; optional ones can stay commented out.
 */
export function frontMatterText<Schema extends z.ZodObject>(
  schema: Schema,
  entries: MatterEntries<Schema>
): string {
  const lines = Object.keys(schema.shape).flatMap((key) => {
    const entry = entries[key as keyof MatterEntries<Schema>]
    return entry.lines.map((line) => ({
      ...line,
      text: entry.off ? `# ${line.text}` : line.off ? commentOut(line.text) : line.text
    }))
  })
  const rendered = lines.map(({text, comment}) =>
    comment ? `${text.padEnd(commentColumn - 1)} # ${comment}` : text
  )
  return `---\n${rendered.join('\n')}\n---\n`
}

/** A scalar as YAML, on one line: quoted only when YAML would read it as something else. */
export function yamlScalar(value: string | number | boolean): string {
  return stringify(value, {lineWidth: 0}).trimEnd()
}

function commentOut(text: string): string {
  const indent = /^ */.exec(text)![0]
  return `${indent}# ${text.slice(indent.length)}`
}

/**
 * A person in a list (speakers, moderators): the name, then every other key
 * of the person schema commented out with an example value.
 */
export function personLines(
  name: string,
  examples: Omit<Record<keyof typeof personSchema.shape, string>, 'name'>
): MatterLine[] {
  const others = Object.keys(personSchema.shape).filter((key) => key !== 'name') as (keyof typeof examples)[]
  return [
    {text: `  - name: ${yamlScalar(name)}`, comment: 'required'},
    ...others.map((key) => ({text: `    ${key}: ${yamlScalar(examples[key])}`, off: true}))
  ]
}
