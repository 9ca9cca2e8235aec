import {describe, expect, it} from 'vitest'
import {indexCountries, indexSpeakers} from '../../src/model/index-speakers.js'
import type {Contribution, SessionProceedings} from '../../src/model/types.js'

type Person = {name: string; country?: string}

/** Sessions holding contributions with only what the indexes read: an id and its speakers. */
function sessions(...lists: [string, Person[]][][]): SessionProceedings[] {
  return lists.map(
    (items) =>
      ({
        contributions: items.map(([id, speakers]) => ({id, speakers}) as unknown as Contribution)
      }) as SessionProceedings
  )
}

function countries(given: SessionProceedings[]) {
  const speakers = indexSpeakers(given, 'en')
  return indexCountries(given, speakers, 'en').map((country) => ({
    name: country.name,
    speakers: country.speakers.map((speaker) => speaker.name),
    contributions: country.contributions.map((item) => item.id)
  }))
}

describe('the index of countries', () => {
  it('lists under a country the contributions in which a speaker gave it, not all of that speaker’s', () => {
    const given = sessions(
      [
        ['a', [{name: 'Ana Uno', country: 'Chile'}]],
        [
          'b',
          [
            {name: 'Ana Uno', country: 'France'},
            {name: 'Bea Dos', country: 'France'}
          ]
        ]
      ],
      [['c', [{name: 'ana  uno', country: 'Chile'}, {name: 'Cai', country: 'Chile'}, {name: 'Dee'}]]]
    )
    expect(countries(given)).toEqual([
      {name: 'Chile', speakers: ['Ana Uno', 'Cai'], contributions: ['a', 'c']},
      {name: 'France', speakers: ['Ana Uno', 'Bea Dos'], contributions: ['b']}
    ])
  })

  it('gives each country its speakers in the order of the index of speakers, each once', () => {
    const given = sessions([
      ['a', [{name: 'Zoé', country: 'Chile'}]],
      [
        'b',
        [
          {name: 'Ana', country: 'Chile'},
          {name: 'Zoé', country: 'Chile'}
        ]
      ],
      ['c', [{name: 'Émile', country: 'Chile'}]]
    ])
    expect(countries(given)).toEqual([
      {name: 'Chile', speakers: ['Ana', 'Émile', 'Zoé'], contributions: ['a', 'b', 'c']}
    ])
  })
})
