import path from 'node:path'

/** The id a file gets when its front matter names none: its name, made safe for URLs. */
export function idFromPath(source: string): string {
  const base = path.posix.basename(source).replace(/\.(?:md|markdown)$/i, '')
  return (
    base
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .replace(/-+/g, '-')
      .replace(/^[-._]+|-+$/g, '') || 'untitled'
  )
}

/**
 * The id a session file claims, read from its text without parsing it: an
 * `id:` line at the left margin of its front matter, else its name. For files
 * whose front matter could not be read.
 */
export function claimedId(source: string, text: string): string {
  const matter = /^---[^\n]*\n([\s\S]*?)\n---/.exec(text)?.[1] ?? ''
  const id = /^id:[ \t]*["']?([^"'#\s]+)/m.exec(matter)?.[1]
  return id ?? idFromPath(source)
}
