import {randomBytes} from 'node:crypto'
import {link, readFile, rename, rm, writeFile} from 'node:fs/promises'
import {ExitCode, UserError} from '../errors.js'
import {isRunning} from '../util/is-running.js'

export interface OutputLock {
  release(): Promise<void>
}

/** The first line of every lock: a file at the lock's path without it is not the tool's, and is never removed. */
const signature = 'forum-proceedings output lock'

/** The lock of an output folder: a name no other tool writes (`dist.lock` could be a package manager's, as `yarn.lock`). */
export function lockPathOf(target: string): string {
  return `${target}.proceedings-lock`
}

/**
 * Takes `<out>.proceedings-lock` so that two builds into one folder take
 * turns instead of mixing their files. The lock is written whole before it
 * appears (a file linked into place), so a rival never reads it empty. A
 * lock left by a process that no longer runs is taken over; one held by a
 * live process is waited for, then refused. A file at the lock's path that
 * this tool did not write is never removed.
 */
export async function lockOutput(target: string, waitMs = 30_000): Promise<OutputLock> {
  const lockPath = lockPathOf(target)
  const owner = `${signature}\n${process.pid}\n`
  const draft = `${lockPath}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`
  await writeFile(draft, owner)
  const deadline = Date.now() + waitMs
  try {
    for (;;) {
      try {
        await link(draft, lockPath)
        return {release: () => releaseLock(lockPath, owner)}
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      const found = await readFile(lockPath, 'utf8').catch(() => undefined)
      if (found === undefined) continue
      const holder = holderOf(found)
      if (holder === undefined) {
        throw new UserError(`${lockPath} exists and was not written by this tool`, {
          exitCode: ExitCode.environment,
          hint: 'Move that file away, or choose another `--out`.'
        })
      }
      if (!isRunning(holder)) {
        await takeOverStale(lockPath, found)
        continue
      }
      if (Date.now() > deadline) {
        throw new UserError(
          `Another build (process ${holder}) is writing ${target}; try again when it has finished`,
          {
            exitCode: ExitCode.environment,
            hint: `If no build is running, delete ${lockPath}.`
          }
        )
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  } finally {
    await rm(draft, {force: true})
  }
}

/** The process named by a lock of this tool, or undefined for a file the tool did not write. */
function holderOf(text: string): number | undefined {
  const [first, pid] = text.split('\n')
  return first === signature && /^\d+$/.test(pid ?? '') ? Number(pid) : undefined
}

/**
 * Moves a stale lock aside, then removes it only if it is still the stale one
 * read: a rival that took it over meanwhile gets its lock back.
 */
async function takeOverStale(lockPath: string, stale: string) {
  const aside = `${lockPath}.${process.pid}-${randomBytes(4).toString('hex')}.stale`
  const moved = await rename(lockPath, aside).then(
    () => true,
    () => false
  )
  if (!moved) return
  const text = await readFile(aside, 'utf8').catch(() => stale)
  if (text !== stale) await link(aside, lockPath).catch(() => undefined)
  await rm(aside, {force: true})
}

/** Removes the lock if it is still this build's. */
async function releaseLock(lockPath: string, owner: string) {
  const text = await readFile(lockPath, 'utf8').catch(() => undefined)
  if (text === owner) await rm(lockPath, {force: true})
}
