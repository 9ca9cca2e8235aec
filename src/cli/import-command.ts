import {displayPath} from '../util/display-path.js'
import {Command} from 'commander'
import {importFile} from '../import/import-file.js'
import type {Output} from './report.js'
import {terminalText} from './terminal-text.js'

export function importCommand(output: Output): Command {
  return new Command('import')
    .description(
      'turn a concept note extracted from a PDF or Word file (plain text) into a concept-note Markdown file'
    )
    .argument('<file>', 'the concept note as .txt or .md')
    .option(
      '-o, --out <file>',
      'write here (for example sessions/<id>.md) instead of standard output; never overwrites'
    )
    .option('--title <title>', 'the session title for the front matter')
    .option('--id <id>', 'the session id for the front matter')
    .action(async (file: string, flags: {out?: string; title?: string; id?: string}) => {
      const result = await importFile(file, flags.out, {title: flags.title, id: flags.id})
      const shown = displayPath(file)
      for (const note of result.notes)
        output.err(
          `${terminalText(shown)}:${note.line}:1: ${note.severity} ${terminalText(note.message)} [import]`
        )
      if (flags.out)
        output.err(`Wrote ${flags.out}${result.notes.length ? ` (${result.notes.length} notes above)` : ''}`)
      else output.out(result.markdown.replace(/\n$/, ''))
    })
}
