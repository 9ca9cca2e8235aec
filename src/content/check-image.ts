import {lstatSync, realpathSync, statSync, type Stats} from 'node:fs'
import path from 'node:path'
import {kindOfFile, readRegularFile, sha256Of} from '../util/read-regular-file.js'

/** The image types a contribution may publish, by the extension of the file. */
const imageTypes = {
  png: {name: 'PNG', extensions: ['.png']},
  jpeg: {name: 'JPEG', extensions: ['.jpg', '.jpeg']},
  gif: {name: 'GIF', extensions: ['.gif']},
  webp: {name: 'WebP', extensions: ['.webp']},
  avif: {name: 'AVIF', extensions: ['.avif']}
} as const

export type ImageType = keyof typeof imageTypes

/** An image file that passed every check, as it was when checked. */
export interface CheckedImage {
  /** The file's real path: no symbolic link left in it. */
  real: string
  type: ImageType
  /** The extension the output uses for its type. */
  extension: string
  /** SHA-256 of the bytes that were checked, in hex: the copy must have the same. */
  sha256: string
}

export interface RefusedImage {
  reason: string
  ruleId: 'image-path' | 'missing-image' | 'unreadable-image' | 'image-type'
  hint: string
}

const realRoots = new Map<string, string>()

/** The content folder's real path, once per folder. */
function realRoot(contentRoot: string): string {
  let real = realRoots.get(contentRoot)
  if (real === undefined) {
    real = realpathSync.native(contentRoot)
    realRoots.set(contentRoot, real)
  }
  return real
}

/**
 * Whether `absolute`, a path inside `contentRoot` as written, names an image
 * the site may publish: a regular file whose real path (every link followed)
 * is inside the content folder's real path, with no hidden folder or file on
 * the way, of an image type whose first bytes match its extension. Returns the
 * image with a hash of its bytes, or why it is refused. `shown` is the
 * reference as written, for the messages.
 */
export function checkImage(
  absolute: string,
  contentRoot: string,
  shown: string
): CheckedImage | RefusedImage {
  const root = realRoot(contentRoot)
  const written = path.relative(contentRoot, absolute)
  if (hasHiddenPart(written)) return hidden(shown)

  let real: string
  try {
    real = realpathSync.native(absolute)
  } catch (error) {
    return unresolved(absolute, shown, written, error)
  }
  const inside = path.relative(root, real)
  if (inside === '' || inside.startsWith('..' + path.sep) || inside === '..' || path.isAbsolute(inside)) {
    return {
      reason: `Image \`${shown}\` refused: it is a link to ${inside === '' ? 'the content folder itself' : 'a file outside the content folder'}, expected a file inside it`,
      ruleId: 'image-path',
      hint: 'Copy the image into the content folder instead of linking to it.'
    }
  }
  if (hasHiddenPart(inside)) return hidden(shown)

  let stats: Stats
  try {
    stats = statSync(real)
  } catch (error) {
    return unreadable(shown, error)
  }
  if (!stats.isFile()) {
    return {
      reason: `Image \`${shown}\` refused: expected a file, found ${kindOfFile(stats)}`,
      ruleId: 'unreadable-image',
      hint: 'Point the image at a PNG, JPEG, GIF, WebP or AVIF file.'
    }
  }

  const extension = path.extname(real).toLowerCase()
  const type = typeOfExtension(extension)
  if (!type) return wrongExtension(shown, extension)

  let bytes: Buffer
  try {
    bytes = readRegularFile(real, stats)
  } catch (error) {
    return unreadable(shown, error)
  }
  const found = sniffImage(bytes)
  if (found !== type) {
    return {
      reason: `Image \`${shown}\` refused: expected the bytes of a ${imageTypes[type].name} image as its name says, found ${found ? `a ${imageTypes[found].name} image` : 'something else'}`,
      ruleId: 'image-type',
      hint: found
        ? `Rename the file to end in ${imageTypes[found].extensions[0]}.`
        : `Export the image again as ${imageTypes[type].name}.`
    }
  }
  return {real, type, extension: imageTypes[type].extensions[0], sha256: sha256Of(bytes)}
}

/** The image type of a file's first bytes, by their magic numbers. */
export function sniffImage(bytes: Uint8Array): ImageType | undefined {
  const ascii = (start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end))
  if (bytes.length >= 8 && bytes[0] === 0x89 && ascii(1, 8) === 'PNG\r\n\u001a\n') return 'png'
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg'
  if (bytes.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'gif'
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp'
  if (bytes.length >= 12 && ascii(4, 8) === 'ftyp') {
    // An ISO media file: AVIF when its major brand, or one of its compatible brands, is an AVIF one.
    const size = Math.min(
      bytes.length,
      new DataView(bytes.buffer, bytes.byteOffset, bytes.length).getUint32(0)
    )
    for (let at = 8; at + 4 <= size; at += at === 8 ? 8 : 4) {
      if (['avif', 'avis'].includes(ascii(at, at + 4))) return 'avif'
    }
  }
  return undefined
}

function typeOfExtension(extension: string): ImageType | undefined {
  return (Object.keys(imageTypes) as ImageType[]).find((type) =>
    (imageTypes[type].extensions as readonly string[]).includes(extension)
  )
}

/** Whether a relative path goes through a hidden folder or names a hidden file (`.git/`, `.env`). */
function hasHiddenPart(relative: string): boolean {
  return relative.split(path.sep).some((part) => part.startsWith('.') && part !== '.' && part !== '..')
}

function hidden(shown: string): RefusedImage {
  return {
    reason: `Image \`${shown}\` refused: it is a hidden file or in a hidden folder`,
    ruleId: 'image-path',
    hint: 'Hidden files (`.git/`, `.env`) are never published: move the image out of them.'
  }
}

function wrongExtension(shown: string, extension: string): RefusedImage {
  if (extension === '.svg' || extension === '.svgz') {
    return {
      reason: `Image \`${shown}\` refused: SVG is not published, expected a PNG, JPEG, GIF, WebP or AVIF file`,
      ruleId: 'image-type',
      hint: 'An SVG file may hold scripts: convert it to PNG (for example `rsvg-convert -o chart.png chart.svg`).'
    }
  }
  return {
    reason: `Image \`${shown}\` refused: expected a PNG, JPEG, GIF, WebP or AVIF file, found ${extension === '' ? 'a file without extension' : `a \`${extension}\` file`}`,
    ruleId: 'image-type',
    hint:
      extension === '.md'
        ? 'Markdown sources are never published as images.'
        : 'Convert the image to PNG or JPEG.'
  }
}

/** A path whose real path cannot be found: missing, a dangling or looping link, a folder that cannot be searched. */
function unresolved(absolute: string, shown: string, written: string, error: unknown): RefusedImage {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    const link = isLink(absolute)
    return link
      ? {
          reason: `Image \`${shown}\` refused: it is a link to a file that does not exist`,
          ruleId: 'unreadable-image',
          hint: 'Replace the link with the image itself.'
        }
      : {
          reason: `Image \`${shown}\` not found`,
          ruleId: 'missing-image',
          hint: `Expected a file at ${written.split(path.sep).join('/')}.`
        }
  }
  return unreadable(shown, error)
}

function unreadable(shown: string, error: unknown): RefusedImage {
  const code = (error as NodeJS.ErrnoException).code
  const why =
    code === 'ELOOP'
      ? 'a loop of links'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : ((error as Error).message ?? String(error))
  return {
    reason: `Image \`${shown}\` could not be read: ${why}`,
    ruleId: 'unreadable-image',
    hint: 'Point the image at a readable PNG, JPEG, GIF, WebP or AVIF file.'
  }
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink()
  } catch {
    return false
  }
}
