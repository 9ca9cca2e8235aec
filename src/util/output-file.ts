import {readFile} from 'node:fs/promises'

/**
 * A file of the build output: its path under the output folder and its
 * bytes, or a file to copy, or a file the build wrote aside to be moved in.
 */
export type OutputFile =
  | {path: string; contents: string | Uint8Array}
  | {path: string; copyFrom: string}
  | {path: string; moveFrom: string}

/** A file's bytes, read from disk when it is one to copy or move. */
export function fileContents(file: OutputFile): Promise<string | Uint8Array> {
  if ('copyFrom' in file) return readFile(file.copyFrom)
  if ('moveFrom' in file) return readFile(file.moveFrom)
  return Promise.resolve(file.contents)
}
