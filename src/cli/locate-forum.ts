import path from 'node:path'
import {resolveForum} from '../content/find-forum.js'

/** The help text of every command's `[dir]` argument. */
export const forumDirHelp =
  'forum folder with forum.md, sessions/ and contributions/ (default: found from the current folder up, as git finds a repository)'

/**
 * The forum a command works on (see resolveForum), its folder shown relative
 * to the current folder, as the paths in messages are.
 */
export function locateForum(dir: string | undefined): {dir: string; projectDir: string} {
  const found = resolveForum(dir)
  return {dir: path.relative(process.cwd(), found.contentDir) || '.', projectDir: found.projectDir}
}

/** A path the user passed, or else `name` inside the forum's project. */
export function inProject(projectDir: string, given: string | undefined, name: string): string {
  return given ?? path.join(projectDir, name)
}
