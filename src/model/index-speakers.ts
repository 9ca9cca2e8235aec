import type {CountryEntry, SessionProceedings, SpeakerEntry} from './types.js'

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
        const key = speakerKey(speaker.name, language)
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

/** What two spellings of a speaker's name have in common when they are the same speaker. */
function speakerKey(name: string, language: string): string {
  return name.normalize('NFC').toLocaleLowerCase(language).replace(/\s+/g, ' ').trim()
}

/**
 * Every country given by a speaker, in alphabetical order, with the speakers who gave it and the contributions
 * in which a speaker gave it, each once and in display order. A speaker who gave two countries is listed under
 * both, each with the contributions of that country alone.
 */
export function indexCountries(
  sessions: SessionProceedings[],
  speakers: SpeakerEntry[],
  language: string
): CountryEntry[] {
  const byKey = new Map(speakers.map((speaker) => [speakerKey(speaker.name, language), speaker]))
  const rank = new Map(speakers.map((speaker, index) => [speaker, index]))
  const byName = new Map<string, CountryEntry>()
  // Each country's speakers as a set while they are gathered: a country may have thousands.
  const gathered = new Map<CountryEntry, Set<SpeakerEntry>>()
  for (const {contributions} of sessions) {
    for (const contribution of contributions) {
      for (const speaker of contribution.speakers) {
        if (!speaker.country) continue
        let entry = byName.get(speaker.country)
        if (!entry) {
          entry = {name: speaker.country, anchor: '', speakers: [], contributions: []}
          byName.set(speaker.country, entry)
          gathered.set(entry, new Set())
        }
        gathered.get(entry)!.add(byKey.get(speakerKey(speaker.name, language))!)
        // Contributions come in display order: one with two speakers of the country is the last one added.
        if (entry.contributions.at(-1) !== contribution) entry.contributions.push(contribution)
      }
    }
  }
  for (const [entry, people] of gathered)
    entry.speakers = [...people].sort((a, b) => rank.get(a)! - rank.get(b)!)
  const collator = new Intl.Collator(language)
  const countries = [...byName.values()].sort(
    (a, b) => collator.compare(a.name, b.name) || (a.name < b.name ? -1 : 1)
  )
  countries.forEach((country, index) => {
    country.anchor = `country-${index + 1}`
  })
  return countries
}
