import {execFile} from 'node:child_process'
import {readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {packageRoot} from '../util/package-files.js'
import {withoutInstallScripts} from './packed-manifest.js'

/**
 * Packs the running tool with `npm pack` into `dir`, as a release would be
 * packed, and resolves to the tarball's file name; undefined when npm cannot
 * (not installed, say). The tool is not on the npm registry: a forum's
 * repository keeps this tarball, so that `npm ci` installs the same tool on
 * any machine. Its `lib/` is already built, so no script is run, and the
 * tarball's package.json lists none that npm would run at install
 * (`packed-manifest.ts`).
 */
export async function packTool(dir: string): Promise<string | undefined> {
  const name = await npmPack(dir)
  if (!name) return undefined
  const file = path.join(dir, name)
  // A tarball not read here stays as npm made it: npm then lists its scripts, and runs none of them.
  const quiet = await readFile(file).then(withoutInstallScripts, () => undefined)
  if (quiet) await writeFile(file, quiet)
  return name
}

function npmPack(dir: string): Promise<string | undefined> {
  const args = ['pack', '--ignore-scripts', '--json', '--pack-destination', dir, packageRoot]
  return new Promise((resolve) => {
    execFile(
      'npm',
      args,
      {shell: process.platform === 'win32', maxBuffer: 16 * 1024 * 1024},
      (error, stdout) => {
        if (error) return resolve(undefined)
        try {
          const [packed] = JSON.parse(stdout) as {filename?: unknown}[]
          resolve(typeof packed?.filename === 'string' ? packed.filename : undefined)
        } catch {
          resolve(undefined)
        }
      }
    )
  })
}
