import {ExitCode, UserError} from '../errors.js'

/** The browser wrote a PDF in a form the merge does not read: an environment problem, not the content's. */
export class PieceFormatError extends UserError {
  constructor(problem: string) {
    super(`The browser printed a PDF that cannot be merged: ${problem}`, {
      exitCode: ExitCode.environment,
      hint: 'Try the Chromium that `proceedings setup` installs, or another one with `--chrome <path>`.'
    })
  }
}
