import {Command} from 'commander'
import {check} from '../core/check.js'
import {ExitCode} from '../errors.js'
import {formatMessages, summarize, type Output} from './report.js'

export function checkCommand(output: Output, setExitCode: (code: number) => void): Command {
  return new Command('check')
    .description('validate a forum folder and report every problem, writing nothing')
    .argument('[dir]', 'forum folder with forum.md, sessions/ and contributions/', 'content')
    .option('--strict', 'treat warnings as errors', false)
    .action(async (dir: string, flags: {strict: boolean}) => {
      const result = await check(dir, {strict: flags.strict})
      const lines = formatMessages(result.files, output.color)
      if (lines.length) output.err(lines.join('\n'))
      output.err(summarize(result.files))
      if (!result.ok) setExitCode(ExitCode.content)
    })
}
