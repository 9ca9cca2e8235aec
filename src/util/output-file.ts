import {readFile} from 'node:fs/promises'
import {readCheckedFile} from './read-regular-file.js'

/**
 * A file of the build output: its path under the output folder and its
 * bytes, or a checked image to copy (its bytes must still have the hash
 * they had when checked, else a ChangedFileError names `reference`), or a
 * file the build wrote aside to be moved in.
 */
export type OutputFile =
  | {path: string; contents: string | Uint8Array}
  | {path: string; copyFrom: string; sha256: string; reference: string}
  | {path: string; moveFrom: string}

/** A file's bytes, read from disk when it is one to copy or move. */
export function fileContents(file: OutputFile): Promise<string | Uint8Array> {
  if ('copyFrom' in file)
    return Promise.resolve().then(() => readCheckedFile(file.copyFrom, file.sha256, file.reference))
  if ('moveFrom' in file) return readFile(file.moveFrom)
  return Promise.resolve(file.contents)
}
