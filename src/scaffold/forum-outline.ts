import {lstat} from 'node:fs/promises'
import path from 'node:path'
import {sourceOf} from '../content/content-file.js'
import {loadContent} from '../content/load-content.js'
import {readMatter} from '../content/read-matter.js'
import {contributionSchema} from '../content/schema.js'
import {ExitCode, UserError} from '../errors.js'
import {idFromPath} from '../model/identifiers.js'
import {parseForum} from '../model/parse-forum.js'
import {parseSession} from '../model/parse-session.js'
import {isTranslation} from '../model/parse-translation.js'
import type {Session} from '../model/types.js'

export interface ForumOutline {
  /** Absolute path of the content folder. */
  root: string
  language: string
  /** The sessions that parse, in file order. */
  sessions: Session[]
  /** Every contribution id in use, with the file that uses it (relative to the content folder). */
  contributionIds: Map<string, string>
}

/**
 * What new files must fit: the sessions (ids, objectives, questions) and the
 * contribution ids in use. Files with errors elsewhere do not stop it: a
 * session that does not parse is simply not known. A folder without
 * forum.md is not a forum, and a usage error.
 */
export async function readForumOutline(dir: string): Promise<ForumOutline> {
  const root = path.resolve(dir)
  const stats = await lstat(path.join(root, 'forum.md')).catch(() => undefined)
  if (!stats?.isFile()) {
    throw new UserError(`No forum.md in ${dir}, expected a forum folder`, {
      exitCode: ExitCode.usage,
      hint: `Pass the folder that holds forum.md with --dir, or start a forum with \`proceedings init ${dir}\`.`
    })
  }
  const content = await loadContent(dir)
  const language = parseForum(content.forum, content.root)?.language ?? 'en'
  // Translations are no sessions or contributions of their own.
  const sessions = content.sessions.flatMap((file) =>
    isTranslation(file) ? [] : (parseSession(file, content.root, language) ?? [])
  )
  const contributionIds = new Map<string, string>()
  for (const file of content.contributions) {
    if (isTranslation(file)) continue
    const source = sourceOf(file)
    contributionIds.set(readMatter(file, contributionSchema)?.id ?? idFromPath(source), source)
  }
  return {root: content.root, language, sessions, contributionIds}
}
