import {readlinkSync} from 'node:fs'
import {getPriority, setPriority} from 'node:os'

/**
 * Lowers the priority of the calling thread alone by `steps` (its nice value
 * goes up by that much, to 19 at most), so that it takes the cores others
 * leave idle. Linux keeps a nice value per thread, set by its
 * thread id (read from `/proc/thread-self`); elsewhere, or where that fails,
 * nothing changes. A thread cannot raise its priority back without
 * privileges: it is meant for threads that work for one build.
 */
export function lowerThreadPriority(steps: number): boolean {
  if (process.platform !== 'linux') return false
  try {
    const thread = Number(readlinkSync('/proc/thread-self').split('/').pop())
    if (!Number.isInteger(thread) || thread <= 0) return false
    setPriority(thread, Math.min(19, getPriority(thread) + steps))
    return true
  } catch {
    return false
  }
}
