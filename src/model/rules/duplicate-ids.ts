import {fail, sourceOf} from '../../content/content-file.js'
import {matterOf, placeOf} from '../../content/parse-front-matter.js'
import type {FromFile, ParsedForum} from '../parsed-forum.js'

/** Two sessions with one id: both files are named. */
export function duplicateSessionId(forum: ParsedForum) {
  reportDuplicates(forum.sessions, 'session', 'duplicate-session-id')
}

/** Two contributions with one id: both files are named. */
export function duplicateContributionId(forum: ParsedForum) {
  reportDuplicates(forum.contributions, 'contribution', 'duplicate-contribution-id')
}

function reportDuplicates(items: FromFile<{id: string}>[], what: string, ruleId: string) {
  const byId = new Map<string, FromFile<{id: string}>[]>()
  for (const item of items) {
    const list = byId.get(item.value.id) ?? []
    list.push(item)
    byId.set(item.value.id, list)
  }
  for (const [id, list] of byId) {
    if (list.length < 2) continue
    for (const item of list) {
      const others = list.filter((other) => other !== item).map((other) => sourceOf(other.file))
      const explicit = 'id' in matterOf(item.file).data
      fail(
        item.file,
        `Duplicate ${what} id \`${id}\`, also used by ${others.join(', ')}`,
        ruleId,
        explicit ? placeOf(item.file, ['id']) : {line: 1, column: 1},
        explicit
          ? 'Give each one its own `id`.'
          : 'The id comes from the file name: rename a file or set `id:` in its front matter.'
      )
    }
  }
}
