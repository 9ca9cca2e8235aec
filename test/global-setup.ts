import {execFile} from 'node:child_process'
import {chmod, mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'
import type {TestProject} from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder to put first on the PATH of the CLI's runs: see packOnce. */
    toolShims: string
  }
}

const run = promisify(execFile)
const repoDir = fileURLToPath(new URL('../', import.meta.url))
const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`

/**
 * `proceedings init` packs the running tool with `npm pack` (src/scaffold/pack-tool.ts), some seconds
 * each time. The end-to-end tests start many forums from the same `lib/`: the tool is packed once here,
 * with the same command, and an `npm` put first on the PATH of the CLI's runs hands a copy of that tarball
 * and npm's output to that exact command. Anything else, other arguments included, goes to the real npm.
 */
async function packOnce(dir: string): Promise<string> {
  const {stdout: realNpm} = await run('sh', ['-c', 'command -v npm'])
  const packed = path.join(dir, 'packed')
  await mkdir(packed)
  const args = ['pack', '--ignore-scripts', '--json', '--pack-destination', packed, repoDir]
  const {stdout} = await run('npm', args, {maxBuffer: 16 * 1024 * 1024})
  const [{filename}] = JSON.parse(stdout) as [{filename: string}]
  await writeFile(path.join(packed, 'npm-pack.json'), stdout)
  const shims = path.join(dir, 'bin')
  await mkdir(shims)
  await writeFile(
    path.join(shims, 'npm'),
    [
      '#!/bin/sh',
      `if [ $# -eq 6 ] && [ "$1 $2 $3 $4" = 'pack --ignore-scripts --json --pack-destination' ] && [ "$6" = ${quote(repoDir)} ]; then`,
      `  cp ${quote(path.join(packed, filename))} "$5/" && exec cat ${quote(path.join(packed, 'npm-pack.json'))}`,
      'fi',
      `exec ${quote(realNpm.trim())} "$@"`,
      ''
    ].join('\n')
  )
  await chmod(path.join(shims, 'npm'), 0o755)
  return shims
}

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'proceedings-test-run-'))
  project.provide('toolShims', await packOnce(dir))
  return () => rm(dir, {recursive: true, force: true})
}
