import * as z from 'zod'
import {canonicalLanguage} from './language-tag.js'
import {doiPattern, orcidPattern, spdxLicense, validDoi, validIsbn, validOrcid} from './identifiers.js'

/**
 * The one schema of front matter. TypeScript types, validation and the
 * documented list of keys all derive from it: every key of every kind of file
 * is declared here with its description and examples, which makes the file
 * long, and one place to read.
 */

const text = z.preprocess(
  (value) => (typeof value === 'number' ? String(value) : value),
  z.string().trim().min(1)
)

// The pattern stops the checks when it fails, so that a wrong date is one message.
const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, {message: 'Expected a calendar date written YYYY-MM-DD', abort: true})
  .refine(isCalendarDate, {message: 'Expected a date that exists'})

// Written in its canonical form (`en-us` → `en-US`), as HTML's `lang` and the PDF's metadata expect.
const language = z
  .string()
  .refine((value) => canonicalLanguage(value) !== undefined, {
    message: 'Expected a BCP 47 language tag such as `en`, `es` or `fr-CA`'
  })
  .transform((value) => canonicalLanguage(value)!)

const order = z.number().finite()

const identifier = z.string().regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u, {
  message: 'Expected an id made of letters, digits, `.`, `_` or `-`'
})

// A wrong check digit is its own message (see validate-matter.ts), after the shape is right.
const orcid = z
  .string()
  .regex(orcidPattern, {message: 'Expected an ORCID iD written 0000-0000-0000-0000', abort: true})
  .refine((value) => validOrcid(value) !== undefined, {message: 'orcid-check-digit'})
  .transform((value) => validOrcid(value)!)

const doi = z
  .string()
  .regex(doiPattern, {message: 'Expected a DOI such as `10.5555/forum.2021`'})
  .transform((value) => validDoi(value)!)

const httpUrl = z
  .string()
  .trim()
  .refine((value) => /^https?:\/\/[^\s/?#]+[^\s]*$/.test(value) && URL.canParse(value), {
    message: 'Expected an address starting with https:// or http://'
  })
  // Pages are found under it: the base always ends with `/`.
  .transform((value) => (value.endsWith('/') ? value : `${value}/`))

const isbn = z.preprocess(
  (value) => (typeof value === 'number' ? String(value) : value),
  z.string().refine((value) => validIsbn(value) !== undefined, {
    message: 'Expected an ISBN-13 or ISBN-10 with its check digit'
  })
)

const license = z
  .string()
  .refine((value) => spdxLicense(value) !== undefined, {
    message: 'Expected an SPDX license id such as `CC-BY-4.0`'
  })
  .transform((value) => spdxLicense(value)!)

export const personSchema = z.object({
  name: text.meta({description: "The person's name, as printed.", examples: ['Ada Lovelace']}),
  affiliation: text
    .optional()
    .meta({description: 'Organisation the person speaks for.', examples: ['Fictional SSE Network']}),
  country: text.optional().meta({description: 'Country, for the index of countries.', examples: ['Norway']}),
  role: text.optional().meta({description: 'Role in the session.', examples: ['Moderator']}),
  orcid: orcid.optional().meta({
    description: 'ORCID iD, checked with its check digit; written bare or as its https://orcid.org/ address.',
    examples: ['0000-0002-1825-0097']
  })
})

/** A person is a mapping with a `name`, or just the name as text. */
const person = z.preprocess((value) => (typeof value === 'string' ? {name: value} : value), personSchema)

/** A single value where a list is expected is read as a list of one. */
function listOf<T extends z.ZodType>(item: T, min = 0) {
  return z.preprocess(
    (value) => (value === null || value === undefined || Array.isArray(value) ? value : [value]),
    z.array(item).min(min)
  )
}

/** What a question group no contribution answers becomes. */
export const emptyQuestionChoices = ['show', 'omit'] as const

export const forumSchema = z.object({
  title: text.meta({
    description: 'Title of the forum, on the cover.',
    examples: ['Global Virtual Forum on the Social and Solidarity Economy']
  }),
  subtitle: text.optional().meta({description: 'Subtitle, under the title.', examples: ['Proceedings']}),
  date: calendarDate
    .optional()
    .meta({description: 'Date of the forum, YYYY-MM-DD.', examples: ['2021-10-05']}),
  language: language.default('en').meta({
    description: 'BCP 47 language tag of the forum; sets the printed labels.',
    examples: ['en', 'es', 'fr-CA']
  }),
  organizers: listOf(text)
    .default([])
    .meta({description: 'Organizers, printed on the cover.', examples: [['First Network']]}),
  url: httpUrl.optional().meta({
    description: 'Public address of the site, for canonical links, citations, the sitemap and DOI deposits.',
    examples: ['https://forum.example.org/proceedings/']
  }),
  publisher: text
    .optional()
    .meta({description: 'Publisher of the proceedings, in citations.', examples: ['Fictional SSE Network']}),
  place: text.optional().meta({description: 'Place of publication, in citations.', examples: ['Geneva']}),
  isbn: isbn.optional().meta({
    description: 'ISBN of the volume, checked with its check digit.',
    examples: ['978-3-16-148410-0']
  }),
  doi: doi.optional().meta({
    description: "DOI of the volume; its prefix is the one contributions' DOIs are deposited under.",
    examples: ['10.5555/gvf-sse.2021']
  }),
  license: license.optional().meta({
    description: 'SPDX license id of the proceedings, shown on every page and in the PDF.',
    examples: ['CC-BY-4.0']
  }),
  depositor: z
    .object({
      name: text.meta({
        description: 'Name of the person or organisation depositing the DOIs.',
        examples: ['Fictional SSE Network']
      }),
      email: z
        .string()
        .trim()
        .pipe(z.email({message: 'Expected an email address'}))
        .meta({
          description: 'Email address Crossref writes to about a deposit.',
          examples: ['doi@example.org']
        })
    })
    .optional()
    .meta({
      description: 'Who deposits DOIs with Crossref (`proceedings export crossref`).',
      examples: [{name: 'Fictional SSE Network', email: 'doi@example.org'}]
    }),
  /** Overrides of the printed labels: `contents: Sommaire`, `types: {keynote: …}`. */
  labels: z
    .record(z.string(), z.union([text, z.record(z.string(), text)]))
    .default({})
    .meta({description: 'Your own words for the printed labels.', examples: [{speakers: 'Participants'}]}),
  languages: listOf(language, 1)
    .optional()
    .meta({
      description:
        "The editions to publish, one per language, the first at the site's root; default: `language` alone. Each must be translated into with `<name>.<lang>.md` files.",
      examples: [['en', 'es', 'fr']]
    }),
  emptyQuestions: z
    .enum(emptyQuestionChoices)
    .default('show')
    .meta({
      description:
        'A guiding question no contribution answers yet: `show` prints its heading with "No contributions yet.", `omit` leaves it out of the site and the PDF (it stays in the concept note).',
      examples: ['omit']
    })
})

export const sessionSchema = z.object({
  title: text.meta({
    description: 'Title of the session.',
    examples: ['Building alliances for inter-cooperation']
  }),
  id: identifier.optional().meta({
    description: 'Session id; default: the file name without .md.',
    examples: ['intercooperation-alliances']
  }),
  date: calendarDate
    .optional()
    .meta({description: 'Date of the session, YYYY-MM-DD.', examples: ['2021-10-05']}),
  order: order
    .optional()
    .meta({description: 'Sessions sort by order, then date, then title.', examples: [1]}),
  moderators: listOf(person)
    .default([])
    .meta({
      description: 'Moderators, each with a name.',
      examples: [
        [
          {
            name: 'Ingrid Halvorsen-Mbeki',
            affiliation: 'Fictional SSE Network',
            country: 'Norway',
            role: 'Moderator'
          }
        ]
      ]
    })
})

export const contributionTypes = ['intervention', 'keynote', 'panel', 'written', 'chat', 'synthesis'] as const

const questionRef = z.union([z.number().int().positive(), z.literal('main')])

export const contributionSchema = z.object({
  title: text.meta({
    description: 'Title of the contribution.',
    examples: ['Measuring the benefits of research networks']
  }),
  session: z
    .preprocess((value) => (typeof value === 'number' ? String(value) : value), z.string().min(1))
    .meta({description: 'Id of the session it belongs to.', examples: ['intercooperation-alliances']}),
  speakers: listOf(person, 1).meta({
    description: 'Speakers, at least one, each with a name.',
    examples: [
      [
        {
          name: 'Ada Lovelace',
          affiliation: 'Analytical Engine Cooperative',
          country: 'United Kingdom',
          role: 'Panelist'
        }
      ]
    ]
  }),
  objectives: listOf(z.number().int().positive())
    .default([])
    .meta({description: 'Numbers of the objectives it serves.', examples: [[3]]}),
  questions: listOf(questionRef)
    .default([])
    .meta({description: 'Numbers of the guiding questions it answers, or main.', examples: [[2, 'main']]}),
  type: z
    .enum(contributionTypes)
    .default('intervention')
    .meta({description: 'Kind of contribution.', examples: ['intervention']}),
  language: language
    .optional()
    .meta({description: "BCP 47 language tag; default: the forum's.", examples: ['es', 'fr']}),
  date: calendarDate.optional().meta({description: 'Date, YYYY-MM-DD.', examples: ['2021-10-05']}),
  order: order
    .optional()
    .meta({description: 'Contributions sort by order, then date, then title.', examples: [2]}),
  id: identifier.optional().meta({
    description: 'Contribution id; default: the file name without .md.',
    examples: ['research-networks']
  }),
  draft: z
    .boolean()
    .default(false)
    .meta({description: 'Left out unless --drafts.', examples: [true]}),
  doi: doi
    .optional()
    .meta({description: 'DOI of the contribution.', examples: ['10.5555/gvf-sse.2021.research-networks']}),
  abstract: text.optional().meta({
    description: 'Abstract in plain text, for the landing page, citations and DOI deposits.',
    examples: ['How a network of researchers measured what its members gained from working together.']
  }),
  keywords: listOf(text)
    .default([])
    .meta({
      description: 'Keywords, for citations and search engines.',
      examples: [['research networks', 'evaluation']]
    })
})

/** Keys every translation may set: the rest is taken from its original. */
const translationKeys = {
  'translation-of': identifier.optional().meta({
    description:
      'Id of the original, for a translation not named `<name>.<lang>.md` beside it (then `language` is required).',
    examples: ['research-networks']
  }),
  language: language.optional().meta({
    description: 'Language of the translation; default: the one in its file name (`<name>.<lang>.md`).',
    examples: ['es']
  }),
  translators: listOf(person)
    .default([])
    .meta({description: 'Translators, each with a name.', examples: [[{name: 'Lucía Fernández'}]]}),
  'machine-translated': z
    .boolean()
    .default(false)
    .meta({description: 'Translated by a machine, and marked so.', examples: [true]}),
  'original-version': z
    .string()
    .regex(/^[0-9a-f]{12}$/, {message: 'Expected the 12 hexadecimal digits `proceedings translate` writes'})
    .optional()
    .meta({
      description:
        'The version of the original this translates (written by `proceedings translate`): when the original changes, the translation is out of date.',
      examples: ['3f2a9c1b7d4e']
    })
}

/** A translated contribution: its own title, abstract and text; session, questions and speakers are its original's. */
export const contributionTranslationSchema = z.object({
  title: text
    .optional()
    .meta({description: "Translated title; default: the original's.", examples: ['Medir los beneficios']}),
  abstract: text
    .optional()
    .meta({description: 'Translated abstract.', examples: ['Cómo una red midió lo que ganó.']}),
  ...translationKeys
})

/** A translated concept note: its own title and text, with the objectives and questions of its original. */
export const sessionTranslationSchema = z.object({
  title: text
    .optional()
    .meta({description: "Translated title; default: the original's.", examples: ['Alianzas']}),
  ...translationKeys
})

/** `forum.<lang>.md`: the forum's title, subtitle, labels and foreword in one of its editions' languages. */
export const forumTranslationSchema = z.object({
  title: text
    .optional()
    .meta({description: "Translated title; default: forum.md's.", examples: ['Foro Global']}),
  subtitle: text.optional().meta({description: 'Translated subtitle.', examples: ['Actas']}),
  labels: forumSchema.shape.labels,
  translators: translationKeys.translators
})

export type ForumMatter = z.output<typeof forumSchema>
export type SessionMatter = z.output<typeof sessionSchema>
export type ContributionMatter = z.output<typeof contributionSchema>
export type PersonMatter = z.output<typeof personSchema>
export type ContributionTranslationMatter = z.output<typeof contributionTranslationSchema>
export type SessionTranslationMatter = z.output<typeof sessionTranslationSchema>
export type ForumTranslationMatter = z.output<typeof forumTranslationSchema>
export type ContributionType = (typeof contributionTypes)[number]

/** What each key holds, in words, for messages about a wrong value. */
export const expectations: Record<string, string> = {
  title: 'text',
  subtitle: 'text',
  session: 'a session id',
  speakers: 'a list of people, each with a `name`',
  moderators: 'a list of people, each with a `name`',
  organizers: 'a list of names',
  name: 'text',
  affiliation: 'text',
  country: 'text',
  role: 'text',
  objectives: 'a list of objective numbers',
  questions: 'a list of question numbers or `main`',
  type: `one of ${contributionTypes.join(', ')}`,
  language: 'a language tag such as `en`',
  date: 'a date written YYYY-MM-DD',
  order: 'a number',
  id: 'an id',
  draft: '`true` or `false`',
  labels: 'a mapping of label names to text',
  emptyQuestions: `one of ${emptyQuestionChoices.join(', ')}`,
  orcid: 'an ORCID iD such as `0000-0002-1825-0097`',
  url: 'an address starting with https://',
  publisher: 'text',
  place: 'text',
  isbn: 'an ISBN',
  doi: 'a DOI such as `10.5555/abc`',
  license: 'an SPDX license id such as `CC-BY-4.0`',
  depositor: 'a mapping with `name` and `email`',
  email: 'an email address',
  abstract: 'text',
  keywords: 'a list of keywords',
  languages: 'a list of language tags such as `[en, es, fr]`',
  'translation-of': 'the id of the original',
  translators: 'a list of people, each with a `name`',
  'machine-translated': '`true` or `false`',
  'original-version': 'the 12 hexadecimal digits `proceedings translate` writes'
}

export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  // setUTCFullYear, unlike Date.UTC, keeps the years 0–99 as written.
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}
