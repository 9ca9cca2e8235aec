/**
 * Whether a process id belongs to a running process: files a build left
 * behind (a lock, a held piece, a temporary folder) name their process, and
 * are another's to clean up only once it has ended.
 */
export function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
