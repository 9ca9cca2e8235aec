import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {Argument, Command} from 'commander'
import {jsonSchema, schemaKinds, type SchemaKind} from '../content/json-schema.js'
import type {Output} from './report.js'
import {makeFolder} from '../util/make-folder.js'

export function schemaCommand(output: Output): Command {
  return new Command('schema')
    .description(
      'print the JSON Schema of contribution, concept-note or forum front matter (or of their translations), for editors'
    )
    .addArgument(new Argument('[kind]', 'which front matter').choices(schemaKinds).default('contribution'))
    .option('-o, --out <dir>', 'write every kind as <kind>.schema.json into this folder instead')
    .action(async (kind: SchemaKind, flags: {out?: string}) => {
      if (!flags.out) {
        output.out(JSON.stringify(jsonSchema(kind), null, 2))
        return
      }
      await makeFolder(flags.out)
      for (const each of schemaKinds) {
        const file = path.join(flags.out, `${each}.schema.json`)
        await writeFile(file, JSON.stringify(jsonSchema(each), null, 2) + '\n')
        output.err(`Wrote ${file}`)
      }
    })
}
