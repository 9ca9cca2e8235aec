import {createHash} from 'node:crypto'
import {readdir, readFile} from 'node:fs/promises'
import path from 'node:path'
import {compiledDir, packageRoot} from '../util/package-files.js'

/**
 * What cached parses depend on besides the files: the code that parses.
 * A hash of the tool's version and of its parsing modules, so that no build
 * ever reuses a parse made by other code.
 */
export function parserVersion(): Promise<string> {
  return codeVersion(['content', 'model'])
}

/** A hash of the tool's version and of its compiled modules in `folders` (of `lib/`). */
export async function codeVersion(folders: string[]): Promise<string> {
  const hash = createHash('sha256')
  hash.update(await readFile(path.join(packageRoot, 'package.json')))
  for (const folder of folders) {
    const files = (await readdir(path.join(compiledDir, folder), {recursive: true}))
      .filter((file) => file.endsWith('.js'))
      .sort()
    const texts = await Promise.all(files.map((file) => readFile(path.join(compiledDir, folder, file))))
    files.forEach((file, index) => hash.update(file).update(texts[index]!))
  }
  return hash.digest('hex').slice(0, 16)
}
