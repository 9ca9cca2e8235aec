import * as z from 'zod'
import {
  contributionSchema,
  contributionTranslationSchema,
  forumSchema,
  forumTranslationSchema,
  sessionSchema,
  sessionTranslationSchema
} from './schema.js'

export const schemaKinds = [
  'contribution',
  'session',
  'forum',
  'contribution-translation',
  'session-translation',
  'forum-translation'
] as const
export type SchemaKind = (typeof schemaKinds)[number]

const schemas = {
  contribution: contributionSchema,
  session: sessionSchema,
  forum: forumSchema,
  'contribution-translation': contributionTranslationSchema,
  'session-translation': sessionTranslationSchema,
  'forum-translation': forumTranslationSchema
}
const titles: Record<SchemaKind, string> = {
  contribution: 'Front matter of a forum-proceedings contribution',
  session: 'Front matter of a forum-proceedings concept note',
  forum: 'Front matter of a forum-proceedings forum.md',
  'contribution-translation': 'Front matter of a translation of a forum-proceedings contribution',
  'session-translation': 'Front matter of a translation of a forum-proceedings concept note',
  'forum-translation': 'Front matter of a forum-proceedings forum.<lang>.md'
}

/**
 * The JSON Schema of a kind of front matter, derived from the one zod schema.
 * It describes the canonical form (lists as lists, speakers as mappings);
 * the tool also reads the shorthands. Unknown keys are flagged, as the tool warns of them.
 */
export function jsonSchema(kind: SchemaKind): Record<string, unknown> {
  const schema = z.toJSONSchema(schemas[kind], {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-7',
    override: restoreExamples
  }) as Record<string, unknown>
  closeObjects(schema)
  return {...schema, title: titles[kind]}
}

/**
 * Zod drops the examples of a key whose value is converted (text trimmed, a
 * single value made a list) when it writes the input schema. Ours are written
 * as an editor types them, so they are valid input: put them back.
 */
function restoreExamples(ctx: {zodSchema: unknown; jsonSchema: {examples?: unknown}}) {
  const examples = z.globalRegistry.get(ctx.zodSchema as z.ZodType)?.examples
  if (examples && !ctx.jsonSchema.examples) ctx.jsonSchema.examples = examples
}

function closeObjects(node: unknown) {
  if (!node || typeof node !== 'object') return
  const record = node as Record<string, unknown>
  if (record.type === 'object' && record.properties && !('additionalProperties' in record))
    record.additionalProperties = false
  for (const value of Object.values(record)) {
    if (Array.isArray(value)) value.forEach(closeObjects)
    else closeObjects(value)
  }
}
