import {execFile} from 'node:child_process'
import {packageRoot} from '../util/package-files.js'

/**
 * Packs the running tool with `npm pack` into `dir`, as a release would be
 * packed, and resolves to the tarball's file name; undefined when npm cannot
 * (not installed, say). The tool is not on the npm registry: a forum's
 * repository keeps this tarball, so that `npm ci` installs the same tool on
 * any machine. Its `lib/` is already built, so no script is run.
 */
export function packTool(dir: string): Promise<string | undefined> {
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
