import {stat} from 'node:fs/promises'
import path from 'node:path'
import {loadTheme, type Theme} from './load-theme.js'

/** The default theme with the forum's `templates/` and then `--templates` over it. */
export async function loadForumTheme(contentRoot: string, templates: string | undefined): Promise<Theme> {
  const forumTemplates = path.join(contentRoot, 'templates')
  return loadTheme([
    ...((await isDirectory(forumTemplates)) ? [forumTemplates] : []),
    ...(templates ? [path.resolve(templates)] : [])
  ])
}

async function isDirectory(dir: string) {
  return stat(dir).then(
    (stats) => stats.isDirectory(),
    () => false
  )
}
