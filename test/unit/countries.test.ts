import {describe, expect, it} from 'vitest'
import {countryName, findCountry} from '../../src/model/countries.js'

describe('countries as speakers give them', () => {
  it('knows a country by its codes and by its names, official or common, in English or the forum language', () => {
    const codes = Object.fromEntries(
      [
        'NO',
        'no',
        'BOL',
        'Bolivia',
        'Viet Nam',
        'Vietnam',
        'USA',
        'United States of America',
        "Cote d'Ivoire",
        'Côte d’Ivoire',
        'Türkiye',
        'Turkey',
        'Sénégal'
      ].map((written) => [written, findCountry(written, 'fr').code])
    )
    expect(codes).toEqual({
      NO: 'NO',
      no: 'NO',
      BOL: 'BO',
      Bolivia: 'BO',
      'Viet Nam': 'VN',
      Vietnam: 'VN',
      USA: 'US',
      'United States of America': 'US',
      "Cote d'Ivoire": 'CI',
      'Côte d’Ivoire': 'CI',
      Türkiye: 'TR',
      Turkey: 'TR',
      Sénégal: 'SN'
    })
    // A name in the forum's language only counts in that forum.
    expect(findCountry('Espagne', 'fr').code).toBe('ES')
    expect(findCountry('Espagne', 'en').code).toBeUndefined()
  })

  it('suggests the nearest name for a typo, and nothing for a place that is no country', () => {
    expect(findCountry('Frnace', 'en')).toEqual({code: undefined, suggestion: 'France'})
    expect(findCountry('Atlantis', 'en')).toEqual({code: undefined, suggestion: undefined})
  })

  it('prints a country in the language of the page', () => {
    expect(['en', 'es', 'fr'].map((language) => countryName('BO', language))).toEqual([
      'Bolivia',
      'Bolivia',
      'Bolivie'
    ])
    expect(['en', 'es', 'fr'].map((language) => countryName('US', language))).toEqual([
      'United States',
      'Estados Unidos',
      'États-Unis'
    ])
  })
})
