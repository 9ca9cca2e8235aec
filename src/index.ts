// The library API: what `import ... from 'forum-proceedings'` gives. The CLI is built on the same core.
export {build, check, loadProceedings} from './core/library.js'
export {
  formats,
  type BuildOptions,
  type CheckOptions,
  type Format,
  type LoadOptions
} from './core/api-options.js'
export type {BuildResult, BuildSummary} from './core/build.js'
export type {CheckResult} from './core/check.js'
export type {LoadResult} from './core/load-proceedings.js'
export type {ProgressEvent, ProgressListener, Stage} from './core/progress.js'
export {ExitCode, UserError} from './errors.js'
export type * from './model/types.js'
