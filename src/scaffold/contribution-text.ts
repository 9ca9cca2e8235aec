import {contributionSchema, contributionTypes} from '../content/schema.js'
import {idFromPath} from '../model/identifiers.js'
import type {QuestionRef, Session} from '../model/types.js'
import {frontMatterText, personLines, yamlScalar} from './front-matter-text.js'

export interface ContributionTextOptions {
  title: string
  session: Pick<Session, 'id' | 'objectives' | 'questions' | 'mainQuestion'>
  /** At least one name. */
  speakers: string[]
  questions: QuestionRef[]
  id: string
  /** Where the file goes, relative to the content folder: `id:` is written only when its name would give another id. */
  source: string
  /** The forum's language, which the contribution has unless it says otherwise. */
  forumLanguage: string
  body: string
}

/**
 * A contribution to fill in: every front-matter key, the optional ones
 * commented out, with the ranges of the session's objectives and questions.
 */
export function contributionText(options: ContributionTextOptions): string {
  const {session} = options
  const objectives = session.objectives.length
  const questions = session.questions.length
  const range = (count: number, noun: string) =>
    count ? `${noun} numbers (1–${count})` : `${noun} numbers (this session has none)`
  const questionNote = range(questions, 'question') + (session.mainQuestion ? ', or main' : '')
  const questionValues = options.questions.length ? options.questions : [questions ? 1 : 'main']
  const matter = frontMatterText(contributionSchema, {
    title: {lines: [{text: `title: ${yamlScalar(options.title)}`, comment: 'required'}]},
    session: {lines: [{text: `session: ${yamlScalar(session.id)}`, comment: 'required: a session id'}]},
    speakers: {
      lines: [
        {text: 'speakers:', comment: 'required, at least one'},
        ...options.speakers.flatMap((name) =>
          personLines(name, {
            affiliation: 'Organisation',
            country: 'Country',
            role: 'Speaker',
            orcid: '0000-0002-1825-0097'
          })
        )
      ]
    },
    objectives: {lines: [{text: 'objectives: [1]', comment: range(objectives, 'objective')}], off: true},
    questions: {
      lines: [
        {
          text: `questions: [${questionValues.map((value) => yamlScalar(value)).join(', ')}]`,
          comment: questionNote
        }
      ],
      off: options.questions.length === 0
    },
    type: {
      lines: [{text: `type: ${contributionTypes[0]}`, comment: contributionTypes.join(' | ')}],
      off: true
    },
    language: {
      lines: [
        {
          text: `language: ${yamlScalar(options.forumLanguage)}`,
          comment: `BCP 47, default: the forum's (${options.forumLanguage})`
        }
      ],
      off: true
    },
    date: {lines: [{text: 'date: 2021-10-05', comment: 'YYYY-MM-DD'}], off: true},
    order: {lines: [{text: 'order: 1', comment: 'sorts by order, then date, then title'}], off: true},
    id: {
      lines: [{text: `id: ${yamlScalar(options.id)}`, comment: 'default: the file name without .md'}],
      off: idFromPath(options.source) === options.id
    },
    draft: {lines: [{text: 'draft: true', comment: 'left out unless --drafts'}], off: true},
    doi: {lines: [{text: 'doi: 10.5555/example', comment: 'the DOI registered for it'}], off: true},
    abstract: {
      lines: [{text: 'abstract: A sentence or two on what it says.', comment: 'plain text'}],
      off: true
    },
    keywords: {lines: [{text: 'keywords: [first keyword, second keyword]'}], off: true}
  })
  return `${matter}\n${options.body.trimEnd()}\n`
}
