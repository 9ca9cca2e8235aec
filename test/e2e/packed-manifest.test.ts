import {execFileSync} from 'node:child_process'
import {mkdtemp, readFile, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {gunzipSync, gzipSync} from 'node:zlib'
import {describe, expect, it} from 'vitest'
import {withoutInstallScripts} from '../../src/scaffold/packed-manifest.js'
import {fixturesDir} from '../helpers/fixtures.js'

/**
 * `tiny-0.0.1.tgz` was made by `npm pack`: a package.json with `prepare`, `postinstall` and `test`
 * scripts, and a file whose path needs the header's prefix field.
 */
const tarball = path.join(fixturesDir, 'packed/tiny-0.0.1.tgz')

/** What GNU tar reads in a tarball: its entries' names, and the text of one. */
function listed(file: string): string[] {
  return execFileSync('tar', ['-tzf', file], {encoding: 'utf8'}).split('\n').filter(Boolean)
}
function extracted(file: string, entry: string): string {
  return execFileSync('tar', ['-xzOf', file, entry], {encoding: 'utf8'})
}

describe('a packed tool’s manifest', () => {
  it('loses the scripts npm runs at install, and every other entry stays as it was', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'proceedings-packed-'))
    const rewritten = path.join(dir, 'tiny-0.0.1.tgz')
    await writeFile(rewritten, withoutInstallScripts(await readFile(tarball))!)
    expect(listed(rewritten)).toEqual(listed(tarball))
    const before = JSON.parse(extracted(tarball, 'package/package.json'))
    const after = JSON.parse(extracted(rewritten, 'package/package.json'))
    expect(Object.keys(before.scripts)).toEqual(['prepare', 'postinstall', 'test'])
    expect(after).toEqual({...before, scripts: {test: before.scripts.test}})
    for (const entry of listed(tarball).filter((name) => name !== 'package/package.json'))
      expect(extracted(rewritten, entry), entry).toBe(extracted(tarball, entry))
  })

  it('is left to npm when the tarball is not one read here', async () => {
    expect(withoutInstallScripts(Buffer.from('not gzip'))).toBeUndefined()
    // An empty tar: no package.json.
    expect(withoutInstallScripts(gzipSync(Buffer.alloc(1024)))).toBeUndefined()
    // A package.json that is not JSON: its first byte, after its 512-byte header, made `x`.
    const tar = gunzipSync(await readFile(tarball))
    const header = tar.indexOf('package/package.json')
    expect(String.fromCharCode(tar[header + 512]!)).toBe('{')
    tar[header + 512] = 'x'.charCodeAt(0)
    expect(withoutInstallScripts(gzipSync(tar))).toBeUndefined()
  })
})
