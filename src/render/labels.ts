import type {ContributionType} from '../content/schema.js'

/** Words the proceedings print around the content, in the forum's language. */
export interface Labels {
  contents: string
  foreword: string
  organizers: string
  moderators: string
  objectives: string
  guidingQuestions: string
  round: string
  question: string
  mainQuestion: string
  otherContributions: string
  synthesis: string
  speakers: string
  countries: string
  seeAlso: string
  page: string
  footnotes: string
  noContributions: string
  contributionsServing: string
  backToContents: string
  types: Record<ContributionType, string>
}

const english: Labels = {
  contents: 'Contents',
  foreword: 'Foreword',
  organizers: 'Organizers',
  moderators: 'Moderators',
  objectives: 'Objectives',
  guidingQuestions: 'Guiding questions',
  round: 'Round',
  question: 'Question',
  mainQuestion: 'Main question',
  otherContributions: 'Other contributions',
  synthesis: 'Synthesis',
  speakers: 'Speakers',
  countries: 'Countries',
  seeAlso: 'See also',
  page: 'page',
  footnotes: 'Notes',
  noContributions: 'No contributions yet.',
  contributionsServing: 'Contributions',
  backToContents: 'Contents',
  types: {
    intervention: 'Intervention',
    keynote: 'Keynote',
    panel: 'Panel',
    written: 'Written contribution',
    chat: 'From the chat',
    synthesis: 'Synthesis'
  }
}

const builtIn: Record<string, Labels> = {en: english}

/** Labels for a BCP 47 tag, falling back from `fr-CA` to `fr` to English. */
export function labelsFor(language: string): Labels {
  const primary = language.toLowerCase().split('-')[0] ?? 'en'
  return builtIn[language.toLowerCase()] ?? builtIn[primary] ?? english
}
