import {open, readFile, rm} from 'node:fs/promises'
import {ExitCode, UserError} from '../errors.js'

export interface OutputLock {
  release(): Promise<void>
}

/**
 * Takes `<out>.lock` so that two builds into one folder take turns instead of
 * mixing their files. A lock left by a process that no longer runs is taken
 * over; one held by a live process is waited for, then refused.
 */
export async function lockOutput(target: string, waitMs = 30_000): Promise<OutputLock> {
  const lockPath = `${target}.lock`
  const deadline = Date.now() + waitMs
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx')
      await handle.writeFile(String(process.pid))
      await handle.close()
      return {release: () => rm(lockPath, {force: true})}
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const holder = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10)
    if (!isRunning(holder)) {
      await rm(lockPath, {force: true})
      continue
    }
    if (Date.now() > deadline) {
      throw new UserError(`Another build (process ${holder}) is writing ${target}; try again when it has finished`, {
        exitCode: ExitCode.environment,
        hint: `If no build is running, delete ${lockPath}.`
      })
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Whether a process id belongs to a running process. */
export function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
