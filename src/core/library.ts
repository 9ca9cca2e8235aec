import path from 'node:path'
import {projectDirOf} from '../content/find-forum.js'
import {
  buildOptionsSchema,
  checkOptionsSchema,
  formats,
  loadOptionsSchema,
  validateOptions,
  type BuildOptions,
  type CheckOptions,
  type LoadOptions
} from './api-options.js'
import {build as runBuild, type BuildResult} from './build.js'
import {check as runCheck, type CheckResult} from './check.js'
import {loadProceedings as runLoad, type LoadResult} from './load-proceedings.js'

/**
 * Builds the proceedings of the forum in `options.contentDir` into `options.outDir`
 * (default: `dist` in the forum's project), as `proceedings build` does. Options
 * are checked first: a wrong one throws a UserError naming it. Content errors
 * return with `written: false`; environment problems throw a UserError.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const checked = validateOptions('build', buildOptionsSchema, options)
  const project = projectDirOf(checked.contentDir)
  return runBuild({
    ...checked,
    outDir: checked.outDir ?? path.join(project, 'dist'),
    formats: checked.formats ?? formats,
    cacheDir: checked.cacheDir ?? path.join(project, '.proceedings-cache')
  })
}

/** Checks the forum in `contentDir` (drafts too) without writing anything, as `proceedings check` does. */
export async function check(contentDir: string, options?: CheckOptions): Promise<CheckResult> {
  const checked = validateOptions('check', checkOptionsSchema, options)
  return runCheck(validateDir('check', contentDir), checked)
}

/** Reads, checks and groups the forum in `contentDir`: the model every renderer is given. */
export async function loadProceedings(contentDir: string, options?: LoadOptions): Promise<LoadResult> {
  const checked = validateOptions('loadProceedings', loadOptionsSchema, options)
  return runLoad(validateDir('loadProceedings', contentDir), checked)
}

function validateDir(fn: string, contentDir: unknown): string {
  return validateOptions(fn, buildOptionsSchema.pick({contentDir: true}), {contentDir}).contentDir
}
