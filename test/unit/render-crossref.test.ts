import {describe, expect, it} from 'vitest'
import type {Proceedings} from '../../src/model/types.js'
import {renderCrossref} from '../../src/render/crossref/render-crossref.js'

describe('a Crossref deposit', () => {
  it('escapes text for XML, drops control characters, and leaves out contributions without a DOI', () => {
    const speaker = {
      name: 'Ludwig van Beethoven',
      affiliation: 'A & B <Institute>',
      orcid: '0000-0002-1825-0097'
    }
    const contribution = (id: string, doi: string | undefined) => ({
      id,
      title: `Title "${id}" <i>`,
      speakers: [speaker],
      language: 'fr-CA',
      date: undefined,
      doi,
      abstract: 'One\u0007 line\nand another.',
      keywords: []
    })
    const proceedings = {
      forum: {
        title: 'Forum & co',
        subtitle: undefined,
        date: '2024-05-02',
        language: 'en',
        url: 'https://example.org/f/',
        publisher: undefined,
        place: undefined,
        isbn: undefined,
        doi: '10.5555/f',
        depositor: {name: 'Depositor', email: 'd@example.org'}
      },
      sessions: [
        {
          session: {date: undefined},
          contributions: [contribution('a', '10.5555/f.a'), contribution('b', undefined)]
        }
      ],
      builtAt: '2024-05-02T00:00:00.000Z'
    } as unknown as Proceedings
    const xml = renderCrossref(proceedings, {at: new Date('2024-05-02T10:20:30Z')})
    expect(xml).toContain('<timestamp>20240502102030</timestamp>')
    expect(xml).toContain('<conference_name>Forum &amp; co</conference_name>')
    expect(xml).toContain('<noisbn reason="simple_series"/>')
    expect(xml).toContain('<title>Title &quot;a&quot; &lt;i&gt;</title>')
    expect(xml).toContain('<institution_name>A &amp; B &lt;Institute&gt;</institution_name>')
    expect(xml).toContain('<surname>van Beethoven</surname>')
    expect(xml).toContain('<jats:p>One line and another.</jats:p>')
    expect(xml).toContain('<conference_paper language="fr" publication_type="full_text">')
    expect(xml.match(/<conference_paper /g)).toHaveLength(1)
    expect(xml).not.toContain('\u0007')
  })
})
