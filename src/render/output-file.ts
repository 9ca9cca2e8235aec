/** A file of the build output: its path under the output folder and its bytes, or a file to copy. */
export type OutputFile =
  | {path: string; contents: string | Uint8Array}
  | {path: string; copyFrom: string}
