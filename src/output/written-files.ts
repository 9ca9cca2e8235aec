import {createHash} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import {checksum} from '../util/checksum.js'
import {writeAtomically} from '../util/write-atomically.js'

/**
 * What the last build wrote into an output folder, kept in the cache: each
 * file's size and digest, and when the build finished. A file of the new
 * output whose bytes are those of the old one is then linked to it, not
 * written again: after one edit, most of a site of ten thousand files is
 * unchanged. A file changed by hand since (its time is later than the
 * build's end, or its size differs) is written again, as is everything when
 * the record is missing, damaged or of another folder.
 */
export interface WrittenFiles {
  target: string
  /** When the build that wrote them finished (ms since the epoch): a file changed later was not written by it. */
  finished: number
  /** By path in the folder: size in bytes and digest. */
  files: Record<string, [number, string]>
}

export function digestOf(contents: string | Uint8Array): string {
  return createHash('sha1').update(contents).digest('base64url')
}

export async function readWrittenFiles(file: string, target: string): Promise<WrittenFiles | undefined> {
  try {
    const {record, sum} = JSON.parse(await readFile(file, 'utf8')) as {record: string; sum: string}
    if (sum !== checksum(record)) return undefined
    const written = JSON.parse(record) as WrittenFiles
    return written.target === target && typeof written.finished === 'number' ? written : undefined
  } catch {
    return undefined
  }
}

export async function keepWrittenFiles(file: string, written: WrittenFiles) {
  const record = JSON.stringify(written)
  await writeAtomically(file, JSON.stringify({record, sum: checksum(record)}))
}
