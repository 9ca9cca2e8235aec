import {execFile} from 'node:child_process'
import {fileURLToPath} from 'node:url'

export const binPath = fileURLToPath(new URL('../../bin/proceedings.js', import.meta.url))

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs the real CLI (`bin/proceedings.js`, built into `lib/`) in a child process. */
export function runCli(
  args: string[],
  options: {cwd?: string; env?: NodeJS.ProcessEnv} = {}
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [binPath, ...args],
      {
        cwd: options.cwd,
        env: {...process.env, NO_COLOR: '1', ...options.env},
        maxBuffer: 64 * 1024 * 1024
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({code, stdout, stderr})
      }
    )
  })
}
