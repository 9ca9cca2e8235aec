import {existsSync} from 'node:fs'
import {createRequire} from 'node:module'
import countries from 'i18n-iso-countries'
import {closest} from '../util/closest.js'

/**
 * Countries as speakers give them: an ISO 3166-1 code (`NO`, `BOL`) or a name in English or in the
 * forum's language, official or common (`Bolivia`, `South Korea`, `UK`), matched by the
 * i18n-iso-countries tables. Printed names come from the platform's CLDR data (Intl.DisplayNames),
 * in whatever language a page is printed in.
 */

const require = createRequire(import.meta.url)
const registered = new Set<string>()

/** Registers a language's names of countries, when i18n-iso-countries has them. */
function register(language: string): boolean {
  if (registered.has(language)) return true
  let table: countries.LocaleData
  try {
    const file = require.resolve(`i18n-iso-countries/langs/${language}.json`)
    if (!existsSync(file)) return false
    table = require(file) as countries.LocaleData
  } catch {
    return false
  }
  countries.registerLocale(table)
  registered.add(language)
  return true
}

export type FoundCountry =
  {code: string; suggestion?: undefined} | {code: undefined; suggestion: string | undefined}

/** The ISO 3166-1 alpha-2 code of a country as written, or the nearest name when none matches. */
export function findCountry(written: string, forumLanguage: string): FoundCountry {
  const text = written.trim()
  if (/^[A-Za-z]{2}$/.test(text) && countries.isValid(text.toUpperCase())) return {code: text.toUpperCase()}
  if (/^[A-Za-z]{3}$/.test(text)) {
    const code = countries.alpha3ToAlpha2(text.toUpperCase())
    if (code) return {code}
  }
  const name = text.replace(/[’‘`´]/g, "'")
  const languages = ['en', forumLanguage.toLowerCase().split('-')[0]!].filter((language) =>
    register(language)
  )
  for (const language of languages) {
    const code = countries.getAlpha2Code(name, language) ?? compactNames(language).get(compact(name))
    if (code) return {code}
  }
  const names = languages.flatMap((language) =>
    Object.values(countries.getNames(language, {select: 'official'}))
  )
  return {code: undefined, suggestion: closest(name, names)}
}

/** A country's name in a language (`FR` is "France" in English, "Francia" in Spanish). */
export function countryName(code: string, language: string): string {
  let names = displayNames.get(language)
  if (!names) {
    try {
      names = new Intl.DisplayNames([language, 'en'], {type: 'region'})
    } catch {
      names = new Intl.DisplayNames(['en'], {type: 'region'})
    }
    displayNames.set(language, names)
  }
  return names.of(code) ?? code
}

const displayNames = new Map<string, Intl.DisplayNames>()

/** A name without case, accents, spaces or punctuation: `Viet Nam` and `Vietnam`, `Cote d'Ivoire` and `Côte d’Ivoire` meet. */
function compact(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toLowerCase()
}

/** Every name and alias of a language's table, compacted, with its code. */
function compactNames(language: string): Map<string, string> {
  let names = compacted.get(language)
  if (!names) {
    names = new Map()
    for (const [code, given] of Object.entries(countries.getNames(language, {select: 'all'}))) {
      for (const name of [given].flat()) names.set(compact(name), code)
    }
    compacted.set(language, names)
  }
  return names
}

const compacted = new Map<string, Map<string, string>>()
