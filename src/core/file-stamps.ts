import {readFileSync} from 'node:fs'
import {deserialize, serialize} from 'node:v8'
import type {FileStamp} from '../content/content-file.js'
import {checksum} from '../util/checksum.js'
import {writeAtomically} from '../util/write-atomically.js'

/**
 * The stamps of the files whose parse the build cache keeps (`stamps-….bin`):
 * a file whose stamp has not changed is not read again, its text's hash is
 * taken from its stamp (see FileStamp).
 */

/** A file's stamp when last read, and the hash of its path and text then. */
export interface Stamped {
  stamp: FileStamp
  textHash: string
}

/** Whether a file is as it was: same inode and device, size, and modification and change times. */
export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return (
    a.ino === b.ino &&
    a.dev === b.dev &&
    a.size === b.size &&
    a.mtimeNs === b.mtimeNs &&
    a.ctimeNs === b.ctimeNs
  )
}

/** Stamps kept by the last build; none if the file is missing or unreadable. */
export function readStamps(file: string): Map<string, Stamped> {
  try {
    // Checked whole: a stamp altered to another file's text hash would take that file's parse.
    const [sum, kept] = deserialize(readWhole(file)) as [unknown, unknown]
    if (!(kept instanceof Uint8Array) || sum !== checksum(kept)) return new Map()
    const entries = deserialize(kept) as [string, Stamped][]
    return new Map(
      entries.filter(
        ([file, entry]) =>
          typeof file === 'string' &&
          typeof entry?.textHash === 'string' &&
          ['dev', 'ino', 'size', 'mtimeNs', 'ctimeNs'].every(
            (field) => typeof (entry.stamp as unknown as Record<string, unknown>)?.[field] === 'bigint'
          )
      )
    )
  } catch {
    return new Map()
  }
}

/** Keeps the stamps for the next build, with a checksum of them all. */
export async function writeStamps(file: string, stamps: Map<string, Stamped>) {
  const kept = serialize([...stamps])
  await writeAtomically(file, serialize([checksum(kept), kept]))
}

/** A file's bytes; none if it is missing or unreadable. */
export function readWhole(file: string): Buffer {
  try {
    return readFileSync(file)
  } catch {
    return Buffer.alloc(0)
  }
}
