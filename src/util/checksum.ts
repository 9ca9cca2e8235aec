import {createHash} from 'node:crypto'

/**
 * A checksum of bytes kept in a cache, written beside them and checked when
 * they are read back: an entry damaged or altered since it was written is
 * then a miss, never a different output.
 */
export function checksum(...parts: (Uint8Array | string)[]): string {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part).update('\u0000')
  return hash.digest('base64url')
}
