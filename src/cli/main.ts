import {Command, CommanderError, Option} from 'commander'
import {ExitCode, UserError} from '../errors.js'
import {fsErrorSentence} from '../util/fs-error.js'
import {terminalText} from './terminal-text.js'
import {buildCommand} from './build-command.js'
import {checkCommand} from './check-command.js'
import {exportCommand} from './export-command.js'
import {importCommand} from './import-command.js'
import {initCommand} from './init-command.js'
import {newCommand} from './new-command.js'
import {useColor, type Output} from './report.js'
import {schemaCommand} from './schema-command.js'
import {serveCommand} from './serve-command.js'
import {setupCommand} from './setup-command.js'
import {translateCommand} from './translate-command.js'
import {toolPackage} from '../util/package-files.js'

/** Runs the CLI and resolves to the exit code; never calls process.exit. */
export async function main(argv: string[] = process.argv): Promise<number> {
  // Output piped into `head` and closed early is not an error of ours.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error
    })
  }
  const output: Output = {
    out: (text) => process.stdout.write(text + '\n'),
    err: (text) => process.stderr.write(text + '\n'),
    status: (text) => process.stderr.write(text),
    color: useColor(process.stderr)
  }
  // The first Ctrl-C (or SIGTERM) stops the build cleanly; a second one ends the process at once.
  const controller = new AbortController()
  const signals = {SIGINT: 130, SIGTERM: 143} as const
  let interruptedBy: keyof typeof signals | undefined
  for (const name of Object.keys(signals) as (keyof typeof signals)[]) {
    process.once(name, () => {
      interruptedBy = name
      controller.abort(new Error(`interrupted by ${name}`))
    })
  }

  let exitCode: number = ExitCode.ok
  const setExitCode = (code: number) => {
    exitCode = code
  }

  const program = new Command('proceedings')
    .description('Publish the proceedings of a forum: HTML site, print PDF and JSON from Markdown.')
    .version(toolPackage.version, '-V, --version')
    // `-v` as well, as many tools take it.
    .addOption(new Option('-v').hideHelp())
    .showSuggestionAfterError()
    .on('option:v', () => {
      output.out(toolPackage.version)
      throw new CommanderError(0, 'commander.version', toolPackage.version)
    })
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text)
    })
    .exitOverride()
  for (const command of [
    buildCommand(output, setExitCode, controller.signal),
    checkCommand(output, setExitCode, controller.signal),
    exportCommand(output, setExitCode, controller.signal),
    importCommand(output),
    initCommand(output),
    newCommand(output),
    schemaCommand(output),
    serveCommand(output, controller.signal),
    setupCommand(output),
    translateCommand(output)
  ]) {
    program.addCommand(command.exitOverride().showSuggestionAfterError())
  }

  try {
    await program.parseAsync(argv)
    return exitCode
  } catch (error) {
    if (interruptedBy) {
      output.err(`proceedings: interrupted by ${interruptedBy}; the output folder was left as it was`)
      return signals[interruptedBy]
    }
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage
    }
    if (error instanceof UserError) {
      output.err(`proceedings: ${terminalText(error.message)}`)
      if (error.hint) output.err(`  hint: ${terminalText(error.hint)}`)
      return error.exitCode
    }
    const fsProblem = fsErrorSentence(error)
    if (fsProblem) {
      output.err(`proceedings: ${terminalText(fsProblem)}`)
      output.err('  hint: Choose a folder you can write to, with room on its disk.')
      return ExitCode.environment
    }
    output.err(
      (error instanceof Error && error.stack ? error.stack : String(error))
        .split('\n')
        .map(terminalText)
        .join('\n')
    )
    output.err(
      'proceedings: internal error. This is a bug: please report it with the output above and the command you ran.'
    )
    return ExitCode.internal
  }
}
