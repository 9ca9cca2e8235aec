/** What went wrong with a file, in words, for the common system error codes (never a bare `ENOENT`). */
const reasons: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, expected a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'it already exists',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the disk',
  EMFILE: 'too many files open',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links'
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code && reasons[code]) return reasons[code]
  return error instanceof Error ? error.message.split('\n')[0]! : String(error)
}

/**
 * A file system error from writing or reading where the user pointed (an output folder on a read-only or
 * special file system, a full disk), as a sentence; undefined for anything else, which is a bug.
 */
export function fsErrorSentence(error: unknown): string | undefined {
  const {code, path, syscall} = (error ?? {}) as NodeJS.ErrnoException
  if (!code || !reasons[code] || typeof path !== 'string') return undefined
  const verb =
    syscall === 'mkdir'
      ? 'create the folder'
      : syscall === 'open' || syscall === 'write'
        ? 'write'
        : syscall === 'rename' || syscall === 'link'
          ? 'move into place'
          : syscall === 'unlink' || syscall === 'rmdir' || syscall === 'rm'
            ? 'remove'
            : 'use'
  return `Cannot ${verb} \`${path}\`: ${reasons[code]}`
}
