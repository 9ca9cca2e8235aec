import type {Group, Proceedings} from '../../model/types.js'
import type {OutlineEntry} from '../../pdf-file/write-outline.js'

/**
 * The bookmarks of the volume: contents, foreword, then each session with its
 * question groups and their contributions, then the indexes. Built from the
 * model, so titles are exactly the texts written (Chromium's own outline
 * loses spaces at line breaks and follows every heading).
 */
export function buildOutline(proceedings: Proceedings): OutlineEntry[] {
  const {labels} = proceedings.forum
  const entries: OutlineEntry[] = [{title: labels.contents, anchor: 'contents-title', children: []}]
  if (proceedings.forum.foreword.atRoot)
    entries.push({title: labels.foreword, anchor: 'foreword-title', children: []})
  for (const {session, anchor, groups} of proceedings.sessions) {
    entries.push({
      title: session.title,
      anchor,
      children: groups
        .filter((group) => group.entries.length > 0)
        .map((group) => ({
          title: groupTitle(group, proceedings),
          anchor: group.anchor,
          children: group.entries
            .filter((entry) => entry.full)
            .map(({contribution}) => ({title: contribution.title, anchor: contribution.anchor, children: []}))
        }))
    })
  }
  entries.push({
    title: labels.indexes,
    anchor: 'indexes',
    children: [
      {title: labels.speakers, anchor: 'speakers-title', children: []},
      {title: labels.countries, anchor: 'countries-title', children: []}
    ]
  })
  return entries
}

function groupTitle(group: Group, proceedings: Proceedings): string {
  const {labels} = proceedings.forum
  switch (group.kind) {
    case 'question':
      return `${labels.question} ${group.question!.number}: ${group.question!.text}`
    case 'main':
      return labels.mainQuestion
    case 'other':
      return labels.otherContributions
    case 'synthesis':
      return labels.synthesis
  }
}
