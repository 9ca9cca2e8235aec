import {createRequire} from 'node:module'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {hyphenateText} from '../../src/render/theme/hyphenate-fragment.js'

type Hyphenate = (text: string, options?: {minWordLength?: number}) => string
const load = createRequire(import.meta.url)
const patterns = (language: string) =>
  (load(`hyphen/${language}`) as {hyphenateSync: Hyphenate}).hyphenateSync

/** Words the patterns break, in the three languages of the example forum, and words too short to break. */
const words = [
  'cooperative',
  'intercooperation',
  'solidarity',
  'municipalities',
  "cooperative's",
  'economía',
  'participación',
  'coopération',
  'économiques',
  'Übersetzung',
  'ДЕМОКРАТИЯ',
  'care',
  'local'
]
/** Letters, marks and signs on either side of what the package takes for a word's edge, `<` and soft hyphens too. */
const signs = [
  ' ',
  '\n',
  '\t',
  '\u00a0',
  '\u2009',
  "'",
  '\u2019',
  '\u2013',
  '\u2014',
  '\u203c',
  '\u203d',
  '«',
  '»',
  '.',
  ',',
  ';',
  ':',
  '!',
  '?',
  '-',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '"',
  '/',
  '\\',
  '@',
  '#',
  '&',
  '0',
  '7',
  '<',
  '>',
  '<b',
  '</',
  '\u00ad',
  'a',
  'é',
  'ñ',
  'ß',
  'λ',
  'д',
  '中',
  '\ud835\udd38',
  '\ud83d\ude00',
  '\ud800'
]

const texts = fc
  .array(fc.oneof(fc.constantFrom(...words), fc.constantFrom(...signs)), {maxLength: 40})
  .map((pieces) => pieces.join(''))

describe('hyphenating a text a word at a time', () => {
  for (const language of ['en', 'es', 'fr'])
    it(`gives what the hyphen package gives for the whole text (${language})`, () => {
      const hyphenate = patterns(language)
      expect(hyphenateText('Intercooperation builds cooperatives.', hyphenate)).toContain('\u00ad')
      fc.assert(
        fc.property(texts, (text) => {
          expect(hyphenateText(text, hyphenate)).toBe(hyphenate(text, {minWordLength: 6}))
        }),
        {numRuns: 2000}
      )
    })
})
