import {execFile} from 'node:child_process'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {inject} from 'vitest'

export const binPath = fileURLToPath(new URL('../../bin/proceedings.js', import.meta.url))

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** The PATH, after the e2e project's shims (test/global-setup.ts): `npm pack` of the tool made once. */
function pathWithShims(): string | undefined {
  const shims = inject('toolShims')
  return shims ? [shims, process.env.PATH].join(path.delimiter) : process.env.PATH
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
        env: {...process.env, NO_COLOR: '1', PATH: pathWithShims(), ...options.env},
        maxBuffer: 64 * 1024 * 1024
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({code, stdout, stderr})
      }
    )
  })
}
