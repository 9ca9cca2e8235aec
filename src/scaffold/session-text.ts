import {sessionSchema} from '../content/schema.js'
import {idFromPath} from '../model/identifiers.js'
import {frontMatterText, personLines, yamlScalar} from './front-matter-text.js'

export interface SessionTextOptions {
  title: string
  id: string
  /** Where the file goes, relative to the content folder: `id:` is written only when its name would give another id. */
  source: string
}

/**
 * A concept note to fill in: every front-matter key, and the sections the
 * parser recognises (summary, concept note, two objectives, the main question,
 * three guiding questions in two rounds), each saying what belongs there.
 */
export function sessionText({title, id, source}: SessionTextOptions): string {
  const matter = frontMatterText(sessionSchema, {
    title: {lines: [{text: `title: ${yamlScalar(title)}`, comment: 'required'}]},
    id: {
      lines: [{text: `id: ${yamlScalar(id)}`, comment: 'default: the file name without .md'}],
      off: idFromPath(source) === id
    },
    date: {lines: [{text: 'date: 2021-10-05', comment: 'YYYY-MM-DD'}], off: true},
    order: {lines: [{text: 'order: 1', comment: 'sessions sort by order, then date, then title'}], off: true},
    moderators: {
      lines: [
        {text: 'moderators:', comment: 'people, each with a name'},
        ...personLines('Moderator Name', {
          affiliation: 'Organisation',
          country: 'Country',
          role: 'Moderator',
          orcid: '0000-0002-1825-0097'
        }).map((line) => ({...line, off: false}))
      ],
      off: true
    }
  })
  return `${matter}
## Summary

What the session is about, in two or three sentences: this summary opens the session's page.

## Concept note

The background of the session: why it is held, what is at stake, who takes part.

## Objectives

1. The first objective of the session.
2. The second objective of the session.

## Main question

The one question the whole session tries to answer?

## Guiding questions

### Round 1

1. The first guiding question?
2. The second guiding question?

### Round 2

3. The third guiding question, numbered on across the rounds?
`
}
