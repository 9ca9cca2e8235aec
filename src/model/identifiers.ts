import path from 'node:path'

/** The id a file gets when its front matter names none: its name, made safe for URLs. */
export function idFromPath(source: string): string {
  const base = path.posix.basename(source).replace(/\.md$/i, '')
  return base.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/-+/g, '-').replace(/^[-._]+|-+$/g, '') || 'untitled'
}
