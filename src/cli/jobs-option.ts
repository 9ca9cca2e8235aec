import {Option} from 'commander'
import {UserError} from '../errors.js'
import {defaultJobs} from '../util/parallelism.js'

/** `--jobs <n>`: how many threads parse and browsers print at once; fewer use less memory. */
export function jobsOption(what: string): Option {
  const jobs = defaultJobs()
  // Commander prints the default after the description: said there once, not in the description too.
  return new Option('-j, --jobs <n>', `${what} at once`)
    .default(jobs, `${jobs}, one per core, at most 4`)
    .argParser(parseJobs)
}

function parseJobs(value: string): number {
  const jobs = Number(value)
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64)
    throw new UserError(`Invalid --jobs \`${value}\`, expected a whole number from 1 to 64`)
  return jobs
}
