import path from 'node:path'
import {Argument, Command} from 'commander'
import {exportCrossref} from '../core/export-crossref.js'
import {ExitCode} from '../errors.js'
import {writeAtomically} from '../util/write-atomically.js'
import {forumDirHelp, inProject, locateForum} from './locate-forum.js'
import {formatMessages, summarize, type Output} from './report.js'

export function exportCommand(
  output: Output,
  setExitCode: (code: number) => void,
  signal?: AbortSignal
): Command {
  return new Command('export')
    .description('write the metadata of the volume for another service: a Crossref deposit')
    .addArgument(new Argument('<format>', 'what to write').choices(['crossref']))
    .argument('[dir]', forumDirHelp)
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .option(
      '--manifest <file>',
      'proceedings.json of a build with the PDF, for page ranges (default: dist/proceedings.json in the project)'
    )
    .action(
      async (_format: 'crossref', dir: string | undefined, flags: {out?: string; manifest?: string}) => {
        const forum = locateForum(dir)
        const result = await exportCrossref(forum.dir, {
          manifest: inProject(forum.projectDir, flags.manifest, path.join('dist', 'proceedings.json')),
          signal
        })
        const lines = formatMessages(result.files, output.color)
        if (lines.length) output.err(lines.join('\n'))
        if (result.xml === undefined) {
          setExitCode(ExitCode.content)
          output.err(summarize(result.files))
          return
        }
        if (flags.out) await writeAtomically(flags.out, Buffer.from(result.xml))
        else output.out(result.xml.trimEnd())
        const left = result.withoutDoi.length
        output.err(
          `Crossref deposit of the volume and ${result.deposited} contribution${result.deposited === 1 ? '' : 's'}` +
            (flags.out ? ` written to ${flags.out}` : '') +
            (left ? `; ${left} without a DOI left out: ${result.withoutDoi.join(', ')}` : '')
        )
        if (!result.withPages)
          output.err(
            'No page ranges: build with the PDF first, or give its proceedings.json with --manifest.'
          )
      }
    )
}
