import {gunzipSync, gzipSync} from 'node:zlib'

/**
 * The scripts npm runs when it installs a package. The repository's `prepare` builds `lib/` in a
 * clone; a packed tool has `lib/` built, and npm 11.16 and later warn about (npm 12 blocks) the
 * install scripts of every dependency not approved, this one included, on each `npm ci` of a forum.
 */
const installScripts = ['preinstall', 'install', 'postinstall', 'preprepare', 'prepare', 'postprepare']

const block = 512

/**
 * An npm tarball (a gzipped tar of `package/…`) with its `package/package.json` rewritten without
 * install scripts, every other entry byte for byte. Undefined when the tarball is not in a shape read
 * here (the manifest not found, or with an extended header that may give its size): the caller keeps
 * the tarball npm made.
 */
export function withoutInstallScripts(tarball: Uint8Array): Buffer | undefined {
  let tar: Buffer
  try {
    tar = gunzipSync(tarball)
  } catch {
    return undefined
  }
  const parts: Buffer[] = []
  let offset = 0
  let rewritten = false
  let extended = false
  while (offset + block <= tar.length) {
    const header = tar.subarray(offset, offset + block)
    if (header.every((byte) => byte === 0)) break
    const size = Number.parseInt(text(header, 124, 12) || '0', 8)
    if (!Number.isSafeInteger(size)) return undefined
    const type = String.fromCharCode(header[156]!)
    const name = [text(header, 345, 155), text(header, 0, 100)].filter(Boolean).join('/')
    const end = offset + block + Math.ceil(size / block) * block
    if (end > tar.length) return undefined
    if (name === 'package/package.json' && (type === '0' || type === '\0') && !rewritten) {
      if (extended) return undefined
      const manifest = readManifest(tar.subarray(offset + block, offset + block + size))
      if (!manifest) return undefined
      for (const script of installScripts) delete manifest.scripts?.[script]
      const data = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)
      const newHeader = Buffer.from(header)
      newHeader.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124, 12, 'latin1')
      sign(newHeader)
      parts.push(newHeader, data, Buffer.alloc(Math.ceil(data.length / block) * block - data.length))
      rewritten = true
    } else {
      parts.push(tar.subarray(offset, end))
    }
    // A pax or GNU header describes the entry after it.
    extended = type === 'x' || type === 'L'
    offset = end
  }
  if (!rewritten) return undefined
  parts.push(Buffer.alloc(2 * block))
  return gzipSync(Buffer.concat(parts))
}

function readManifest(bytes: Buffer): {scripts?: Record<string, string>} | undefined {
  try {
    const manifest: unknown = JSON.parse(bytes.toString('utf8'))
    return typeof manifest === 'object' && manifest !== null ? manifest : undefined
  } catch {
    return undefined
  }
}

/** A NUL-ended text field of a tar header. */
function text(header: Buffer, start: number, length: number): string {
  const field = header.subarray(start, start + length)
  const end = field.indexOf(0)
  return field
    .subarray(0, end === -1 ? length : end)
    .toString('utf8')
    .trim()
}

/** Writes a tar header's checksum: the sum of its bytes, counting the checksum field as spaces. */
function sign(header: Buffer) {
  header.fill(0x20, 148, 156)
  let sum = 0
  for (const byte of header) sum += byte
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1')
}
