import {warn, type VFile} from '../content/content-file.js'
import {placeOf} from '../content/parse-front-matter.js'
import type {PersonMatter} from '../content/schema.js'
import {countryName, findCountry} from './countries.js'
import type {Person} from './types.js'

/**
 * People as the model holds them: each country given is known by its ISO code and printed by its name
 * in the forum's language (`BOL` and `Bolivia` both become Bolivia). A country that matches none is
 * kept as written, with a warning that suggests the nearest name.
 */
export function readPeople(
  file: VFile,
  key: 'speakers' | 'moderators' | 'translators',
  people: PersonMatter[],
  forumLanguage: string
): Person[] {
  return people.map((person, index) => {
    if (person.country === undefined) return person
    const found = findCountry(person.country, forumLanguage)
    if (found.code)
      return {...person, country: countryName(found.code, forumLanguage), countryCode: found.code}
    warn(
      file,
      `Unknown country \`${person.country}\`, expected an ISO 3166 code or a country's name`,
      'unknown-country',
      placeOf(file, [key, index, 'country']),
      found.suggestion
        ? `Did you mean \`${found.suggestion}\`? Printed as written until then.`
        : 'Write the country\u2019s name in English or its two-letter code (`NO`, `BO`); printed as written until then.'
    )
    return person
  })
}
