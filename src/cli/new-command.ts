import path from 'node:path'
import {Command} from 'commander'
import {ExitCode, UserError} from '../errors.js'
import type {QuestionRef} from '../model/types.js'
import {newContribution, newSession} from '../scaffold/new-file.js'
import {forumDirHelp, locateForum} from './locate-forum.js'
import type {Output} from './report.js'

interface NewContributionFlags {
  dir?: string
  session: string
  question?: QuestionRef[]
  speaker?: string[]
  title?: string
  id?: string
}

/** `proceedings new session|contribution`: writes one file to fill in and prints its path on standard output. */
export function newCommand(output: Output): Command {
  const session = new Command('session')
    .description('write sessions/<id>.md, a concept note to fill in')
    .argument(
      '[id]',
      'the session id, also the file name: letters, digits, `.`, `_` or `-` (default: from the title, else session-<n>)'
    )
    .option('--dir <dir>', forumDirHelp)
    .option('--title <title>', 'the session title (default: a placeholder)')
    .action(async (id: string | undefined, flags: {dir?: string; title?: string}) => {
      output.out(shownPath((await newSession(locateForum(flags.dir).dir, id, {title: flags.title})).path))
    })

  const contribution = new Command('contribution')
    .description('write contributions/<session>/<id>.md, a contribution to fill in')
    .requiredOption('--session <id>', 'the session it belongs to')
    .option('--question <n|main>', 'a question it answers: its number, or main (repeatable)', collectQuestion)
    .option('--speaker <name>', 'a speaker (repeatable; default: a placeholder)', collect)
    .option('--title <title>', 'the contribution title (default: a placeholder)')
    .option(
      '--id <id>',
      'the contribution id, also the file name (default: from the title, else contribution-<n>)'
    )
    .option('--dir <dir>', forumDirHelp)
    .action(async (flags: NewContributionFlags) => {
      const result = await newContribution(locateForum(flags.dir).dir, {
        session: flags.session,
        questions: flags.question,
        speakers: flags.speaker,
        title: flags.title,
        id: flags.id
      })
      output.out(shownPath(result.path))
    })

  const command = new Command('new').description(
    'write a new session or contribution file with every front-matter key, never over an existing file'
  )
  for (const sub of [session, contribution]) command.addCommand(sub.exitOverride().showHelpAfterError())
  return command
}

/** The path written, from the current folder, which may be inside the forum. */
function shownPath(file: string): string {
  return path.relative(process.cwd(), path.resolve(file))
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

function collectQuestion(value: string, previous: QuestionRef[] = []): QuestionRef[] {
  const trimmed = value.trim().toLowerCase()
  if (trimmed === 'main') return [...previous, 'main']
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < 1) {
    throw new UserError(`Invalid --question \`${value}\`, expected a question number (1, 2, …) or \`main\``, {
      exitCode: ExitCode.usage
    })
  }
  return [...previous, Number(trimmed)]
}
