import {PDFDict, PDFHexString, PDFName, PDFNumber, type PDFDocument, type PDFRef} from 'pdf-lib'
import type {Group, Proceedings} from '../../model/types.js'
import type {Destination} from './read-destinations.js'

export interface OutlineEntry {
  title: string
  anchor: string
  children: OutlineEntry[]
}

/**
 * The bookmarks of the volume: contents, foreword, then each session with its
 * question groups and their contributions, then the indexes. Built from the
 * model, so titles are exactly the texts written (Chromium's own outline
 * loses spaces at line breaks and follows every heading).
 */
export function buildOutline(proceedings: Proceedings): OutlineEntry[] {
  const {labels} = proceedings.forum
  const entries: OutlineEntry[] = [{title: labels.contents, anchor: 'contents-title', children: []}]
  if (proceedings.forum.foreword.atRoot) entries.push({title: labels.foreword, anchor: 'foreword-title', children: []})
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
    case 'question': return `${labels.question} ${group.question!.number}: ${group.question!.text}`
    case 'main': return labels.mainQuestion
    case 'other': return labels.otherContributions
    case 'synthesis': return labels.synthesis
  }
}

/** Writes the bookmarks into the PDF; entries whose anchor was not printed are left out. */
export function writeOutline(pdf: PDFDocument, entries: OutlineEntry[], destinations: Map<string, Destination>) {
  const {context} = pdf
  const root = context.obj({Type: 'Outlines'}) as PDFDict
  const rootRef = context.register(root)

  const add = (parentRef: PDFRef, parent: PDFDict, children: OutlineEntry[], open: boolean): number => {
    const refs: {ref: PDFRef; dict: PDFDict}[] = []
    for (const entry of children) {
      const destination = destinations.get(entry.anchor)
      if (!destination) continue
      const dict = context.obj({Title: PDFHexString.fromText(entry.title), Parent: parentRef, Dest: destination.target}) as PDFDict
      const ref = context.register(dict)
      const count = add(ref, dict, entry.children, false)
      if (count > 0) dict.set(PDFName.of('Count'), PDFNumber.of(open ? count : -count))
      refs.push({ref, dict})
    }
    refs.forEach(({dict}, index) => {
      if (index > 0) dict.set(PDFName.of('Prev'), refs[index - 1]!.ref)
      if (index < refs.length - 1) dict.set(PDFName.of('Next'), refs[index + 1]!.ref)
    })
    if (refs.length > 0) {
      parent.set(PDFName.of('First'), refs[0]!.ref)
      parent.set(PDFName.of('Last'), refs.at(-1)!.ref)
    }
    return refs.length
  }

  // Sessions stay open in the reader's sidebar; their groups start closed.
  const count = add(rootRef, root, entries, true)
  root.set(PDFName.of('Count'), PDFNumber.of(count))
  pdf.catalog.set(PDFName.of('Outlines'), rootRef)
  pdf.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'))
}
