import {createHash} from 'node:crypto'
import {closeSync, constants, fstatSync, openSync, readSync, type Stats} from 'node:fs'

/**
 * Reads a file only if it is a regular file, without following a link in its
 * last part and without waiting on a FIFO; `expected`, when given, is the
 * file as it was seen before opening it, which the opened file must be.
 */
export function readRegularFile(file: string, expected?: Stats): Buffer {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile())
      throw Object.assign(new Error(`expected a file, found ${kindOfFile(stats)}`), {code: 'ENOTFILE'})
    if (expected && (stats.ino !== expected.ino || stats.dev !== expected.dev))
      throw Object.assign(new Error('the file was replaced while it was read'), {code: 'ECHANGED'})
    const bytes = Buffer.alloc(stats.size)
    let read = 0
    while (read < bytes.length) {
      const count = readSync(fd, bytes, read, bytes.length - read, read)
      if (count === 0) break
      read += count
    }
    return bytes.subarray(0, read)
  } finally {
    closeSync(fd)
  }
}

/** SHA-256 of some bytes, in hex. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * A file copied into the output is no longer the one that was checked: it
 * changed, was replaced by a link or a FIFO, or was removed during the build.
 * The build and `serve` report it as a problem of the content, at `reference`.
 */
export class ChangedFileError extends Error {
  constructor(
    readonly reference: string,
    readonly file: string,
    cause: unknown
  ) {
    super(
      `${reference}: image ${file} changed or became unreadable during the build (${cause instanceof Error ? cause.message : String(cause)})`,
      {cause}
    )
    this.name = 'ChangedFileError'
  }
}

/** The bytes of a file, as long as it is still a regular file with the hash it had when checked. */
export function readCheckedFile(file: string, sha256: string, reference: string): Buffer {
  let bytes: Buffer
  try {
    bytes = readRegularFile(file)
  } catch (error) {
    throw new ChangedFileError(reference, file, error)
  }
  if (sha256Of(bytes) !== sha256)
    throw new ChangedFileError(reference, file, new Error('its bytes changed since they were checked'))
  return bytes
}

export function kindOfFile(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder'
  if (stats.isFIFO()) return 'a named pipe (FIFO)'
  if (stats.isSocket()) return 'a socket'
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device'
  return 'something that is not a file'
}
