import path from 'node:path'

/**
 * A path as shown to the editor: relative to the current folder, unless that
 * climbs out of it (`../../..`) to a place the absolute path names more
 * briefly.
 */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const absolute = path.resolve(cwd, file)
  const relative = path.relative(cwd, absolute)
  if (relative === '') return '.'
  if (relative.startsWith('..') && absolute.length <= relative.length) return absolute
  return relative
}
