import path from 'node:path'
import {Command} from 'commander'
import {translateFile} from '../scaffold/translate-file.js'
import {forumDirHelp, locateForum} from './locate-forum.js'
import type {Output} from './report.js'

/** `proceedings translate <file> --to <lang>`: writes a translation to fill in, or marks one up to date. */
export function translateCommand(output: Output): Command {
  return new Command('translate')
    .description(
      'write <name>.<lang>.md beside a contribution or concept note: its text to translate, with the version of the original it translates'
    )
    .argument('<file>', 'the contribution or concept note to translate')
    .requiredOption('--to <lang>', 'the language to translate into, such as es or fr')
    .option(
      '--update',
      "mark an existing translation as following the original's latest version (its text is left as it is)"
    )
    .option('--dir <dir>', forumDirHelp)
    .action(async (file: string, flags: {to: string; update?: boolean; dir?: string}) => {
      const dir = flags.dir ?? locateForum(undefined).dir
      const result = await translateFile(dir, file, {to: flags.to, update: flags.update})
      for (const note of result.notes) output.err(`note: ${note}`)
      if (result.updated) output.err(`Marked up to date with version ${result.version} of the original:`)
      output.out(path.relative(process.cwd(), path.resolve(result.path)))
    })
}
