import os from 'node:os'

/** How many threads parse and browsers print at once unless told: one per core, at most 4 (a browser takes a few hundred MB). */
export function defaultJobs(): number {
  return Math.min(os.availableParallelism(), 4)
}
