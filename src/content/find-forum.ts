import {existsSync, statSync} from 'node:fs'
import path from 'node:path'
import {ExitCode, UserError} from '../errors.js'

/** Where a forum is: the folder holding forum.md, and the project whose `dist/` and cache belong to it. */
export interface ForumLocation {
  /** Absolute path of the folder holding forum.md, sessions/ and contributions/. */
  contentDir: string
  /** Absolute path of the project that holds the forum: its output and cache go here. */
  projectDir: string
}

/**
 * The project a forum folder belongs to: the folder itself, except for a
 * folder named `content` with no package.json or .git of its own, which is
 * part of the project around it (as this tool's example is, and as a forum
 * kept beside code is).
 */
export function projectDirOf(contentDir: string): string {
  const dir = path.resolve(contentDir)
  if (path.basename(dir) !== 'content') return dir
  const ownProject = ['package.json', '.git'].some((entry) => existsSync(path.join(dir, entry)))
  return ownProject ? dir : path.dirname(dir)
}

/** The forum in `dir` itself or in its `content/` folder, else undefined. */
export function forumIn(dir: string): string | undefined {
  return [dir, path.join(dir, 'content')].find((candidate) => isFile(path.join(candidate, 'forum.md')))
}

/**
 * Finds the forum the way git finds a repository: in `start` or its `content/`
 * folder, else in the nearest parent folder (or its `content/`) that holds a
 * forum.md. Undefined when there is none up to the file system's root.
 */
export function findForum(start: string): ForumLocation | undefined {
  let dir = path.resolve(start)
  for (;;) {
    const contentDir = forumIn(dir)
    if (contentDir) return {contentDir, projectDir: projectDirOf(contentDir)}
    const parent = path.dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

/**
 * The forum a command works on: the folder given (or its `content/` when that
 * holds the forum.md), else the one found from `cwd` by findForum. A folder
 * given that holds no forum is taken as it is, for the loader to report what is
 * missing in it; no forum found is a usage error that says where it looked.
 */
export function resolveForum(dir: string | undefined, cwd: string = process.cwd()): ForumLocation {
  if (dir !== undefined) {
    const given = path.resolve(cwd, dir)
    const contentDir = forumIn(given) ?? given
    return {contentDir, projectDir: projectDirOf(contentDir)}
  }
  const found = findForum(cwd)
  if (found) return found
  throw new UserError(
    `No forum found: no forum.md in ${cwd} or its content/ folder, nor in any folder above it`,
    {
      exitCode: ExitCode.usage,
      hint: 'Run the command inside a forum, pass its folder, or start one here with `proceedings init`.'
    }
  )
}

function isFile(file: string): boolean {
  return statSync(file, {throwIfNoEntry: false})?.isFile() ?? false
}
