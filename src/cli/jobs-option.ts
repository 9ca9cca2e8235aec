import {Option} from 'commander'
import {UserError} from '../errors.js'
import {defaultJobs} from '../util/parallelism.js'

/** `--jobs <n>`: how many threads parse and browsers print at once; fewer use less memory. */
export function jobsOption(what: string): Option {
  const jobs = defaultJobs()
  return new Option('-j, --jobs <n>', `${what} at once (default: one per core, at most 4)`)
    .default(jobs, String(jobs))
    .argParser(parseJobs)
}

function parseJobs(value: string): number {
  const jobs = Number(value)
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UserError(`Invalid --jobs \`${value}\`, expected a whole number from 1 to 64`)
  return jobs
}
