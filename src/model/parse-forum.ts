import type {VFile} from '../content/content-file.js'
import {readMatter} from '../content/read-matter.js'
import {forumSchema} from '../content/schema.js'
import {labelsFor} from '../render/labels.js'
import {parseMarkdown, renderFragment} from './markdown.js'
import type {Forum} from './types.js'

/** Reads `forum.md`: its front matter describes the forum, its body is the foreword. */
export function parseForum(file: VFile, contentRoot: string): Forum | undefined {
  const matter = readMatter(file, forumSchema)
  if (!matter) return undefined
  return {
    title: matter.title,
    subtitle: matter.subtitle,
    date: matter.date,
    language: matter.language,
    organizers: matter.organizers,
    foreword: renderFragment(parseMarkdown(file).children, file, {
      scope: 'foreword',
      contentRoot,
      baseDepth: 2,
      footnoteLabel: labelsFor(matter.language).footnotes
    })
  }
}
