/**
 * A problem the user can fix (bad arguments, a missing browser, an output
 * folder that is not ours). The CLI prints its message without a stack trace
 * and exits with its code. Anything else that is thrown is a bug.
 */
export class UserError extends Error {
  readonly exitCode: number
  readonly hint: string | undefined

  constructor(message: string, options: {exitCode?: number; hint?: string; cause?: unknown} = {}) {
    super(message, {cause: options.cause})
    this.name = 'UserError'
    this.exitCode = options.exitCode ?? ExitCode.usage
    this.hint = options.hint
  }
}

export const ExitCode = {
  ok: 0,
  /** The content has errors (or warnings with `--strict`). */
  content: 1,
  /** Bad command line: unknown option, missing folder. */
  usage: 2,
  /** The environment is missing something: no browser, a failed print. */
  environment: 3,
  /** An internal error: a bug to report. */
  internal: 70
} as const
