import type {Contribution, CountryEntry, SessionProceedings, SpeakerEntry} from './types.js'

/**
 * Every speaker of the printed contributions, once, with the affiliations and
 * countries they gave and their contributions in display order. Names are
 * matched after Unicode normalisation and case folding.
 */
export function indexSpeakers(sessions: SessionProceedings[], language: string): SpeakerEntry[] {
  const byName = new Map<string, SpeakerEntry>()
  for (const {contributions} of sessions) {
    for (const contribution of contributions) {
      for (const speaker of contribution.speakers) {
        const key = speaker.name.normalize('NFC').toLocaleLowerCase(language).replace(/\s+/g, ' ').trim()
        let entry = byName.get(key)
        if (!entry) {
          entry = {name: speaker.name, affiliations: [], countries: [], anchor: '', contributions: []}
          byName.set(key, entry)
        }
        if (speaker.affiliation && !entry.affiliations.includes(speaker.affiliation))
          entry.affiliations.push(speaker.affiliation)
        if (speaker.country && !entry.countries.includes(speaker.country))
          entry.countries.push(speaker.country)
        if (!entry.contributions.includes(contribution)) entry.contributions.push(contribution)
      }
    }
  }
  const collator = new Intl.Collator(language)
  const speakers = [...byName.values()].sort(
    (a, b) => collator.compare(a.name, b.name) || (a.name < b.name ? -1 : 1)
  )
  speakers.forEach((speaker, index) => {
    speaker.anchor = `speaker-${index + 1}`
  })
  return speakers
}

/**
 * Every country given by a speaker, in alphabetical order, with its speakers and their contributions, each once and
 * in display order.
 */
export function indexCountries(
  sessions: SessionProceedings[],
  speakers: SpeakerEntry[],
  language: string
): CountryEntry[] {
  const position = new Map(
    sessions.flatMap(({contributions}) => contributions).map((item, index) => [item, index])
  )
  const byName = new Map<string, CountryEntry>()
  // Each country's contributions as a set while they are gathered: a country may have thousands.
  const gathered = new Map<CountryEntry, Set<Contribution>>()
  for (const speaker of speakers) {
    for (const country of speaker.countries) {
      let entry = byName.get(country)
      if (!entry) {
        entry = {name: country, anchor: '', speakers: [], contributions: []}
        byName.set(country, entry)
        gathered.set(entry, new Set())
      }
      entry.speakers.push(speaker)
      const contributions = gathered.get(entry)!
      for (const contribution of speaker.contributions) contributions.add(contribution)
    }
  }
  for (const [entry, contributions] of gathered)
    entry.contributions = [...contributions].sort((a, b) => position.get(a)! - position.get(b)!)
  const collator = new Intl.Collator(language)
  const countries = [...byName.values()].sort(
    (a, b) => collator.compare(a.name, b.name) || (a.name < b.name ? -1 : 1)
  )
  countries.forEach((country, index) => {
    country.anchor = `country-${index + 1}`
  })
  return countries
}
