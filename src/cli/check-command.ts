import {Command, Option} from 'commander'
import {check} from '../core/check.js'
import {ExitCode} from '../errors.js'
import {formatGithub} from './github-reporter.js'
import {forumDirHelp, locateForum} from './locate-forum.js'
import {formatJson, formatMessages, summarize, type Output} from './report.js'

export function checkCommand(
  output: Output,
  setExitCode: (code: number) => void,
  signal?: AbortSignal
): Command {
  return new Command('check')
    .description('validate a forum folder and report every problem, writing nothing')
    .argument('[dir]', forumDirHelp)
    .option('--strict', 'treat warnings as errors', false)
    .addOption(
      new Option('--reporter <name>', 'how to print problems')
        .choices(['text', 'json', 'github'])
        .default('text')
    )
    .action(
      async (dir: string | undefined, flags: {strict: boolean; reporter: 'text' | 'json' | 'github'}) => {
        const result = await check(locateForum(dir).dir, {strict: flags.strict, signal})
        if (!result.ok) setExitCode(ExitCode.content)
        if (flags.reporter === 'github') {
          const lines = formatGithub(result.files)
          if (lines.length) output.out(lines.join('\n'))
          output.err(summarize(result.files))
          return
        }
        if (flags.reporter === 'json') {
          output.out(formatJson(result.files))
          return
        }
        const lines = formatMessages(result.files, output.color)
        if (lines.length) output.err(lines.join('\n'))
        output.err(summarize(result.files))
      }
    )
}
