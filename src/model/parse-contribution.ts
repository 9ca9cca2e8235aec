import {sourceOf, type VFile} from '../content/content-file.js'
import {readMatter} from '../content/read-matter.js'
import {contributionSchema} from '../content/schema.js'
import {labelsFor} from './labels.js'
import {contributionAnchor} from './anchors.js'
import {idFromPath} from './identifiers.js'
import {parseMarkdown, renderFragment} from './markdown.js'
import {readPeople} from './people.js'
import type {Contribution} from './types.js'
import {versionOf} from './translation-version.js'

/** Reads one contribution: validated front matter and its body as sanitized HTML. */
export function parseContribution(
  file: VFile,
  contentRoot: string,
  forumLanguage: string
): Contribution | undefined {
  const matter = readMatter(file, contributionSchema)
  if (!matter) return undefined

  const id = matter.id ?? idFromPath(sourceOf(file))
  const anchor = contributionAnchor(id)
  const language = matter.language ?? forumLanguage
  return {
    id,
    title: matter.title,
    sessionId: matter.session,
    speakers: readPeople(file, 'speakers', matter.speakers, forumLanguage),
    objectives: matter.objectives,
    questions: matter.questions,
    type: matter.type,
    language,
    date: matter.date,
    order: matter.order,
    draft: matter.draft,
    doi: matter.doi,
    abstract: matter.abstract,
    keywords: matter.keywords,
    body: renderFragment(parseMarkdown(file).children, file, {
      scope: anchor,
      contentRoot,
      baseDepth: 4,
      footnoteLabel: labelsFor(language).footnotes
    }),
    source: sourceOf(file),
    anchor,
    version: versionOf(file, matter.title, matter.abstract)
  }
}
