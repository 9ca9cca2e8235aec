import {describe, expect, it} from 'vitest'
import {bibtex, CitationFormatter, cslLocale} from '../../src/render/cite/citation-formats.js'

const item = (id: string, family: string) => ({
  id,
  'citation-key': id,
  type: 'paper-conference',
  title: `Une contribution de ${family}`,
  author: [{given: 'Élodie', family}],
  'container-title': 'Forum : actes',
  issued: {'date-parts': [[2021, 10, 5]]},
  page: '3-4',
  DOI: `10.5555/${id}`
})

describe('citations formatted by citeproc-js', () => {
  it('formats each work alone, the same at once as one by one, in the forum language', () => {
    const items = [item('a', 'Fauré'), item('b', 'Fauré'), item('c', 'Benali')]
    const one = new CitationFormatter('fr')
    const texts = items.map((each) => one.format(each))
    const many = new CitationFormatter('fr').formatAll(items)
    expect(items.map((each) => many.get(each.id))).toEqual(texts)
    // No year suffixes (2021a, 2021b): each citation stands alone.
    expect(texts[0]).toBe(
      'Fauré, É. (2021) «\u00a0Une contribution de Fauré\u00a0», Forum\u202f: actes, p. 3\u20114. Disponible sur: https://doi.org/10.5555/a.'
    )
    expect(cslLocale('fr-CA')).toBe('fr-FR')
    expect(cslLocale('sw')).toBe('en-US')
  })

  it('escapes what LaTeX reads as markup in BibTeX, and keeps capitals outside ASCII', () => {
    const text = bibtex({...item('x', 'Ñúñez'), title: 'A & B at 50% {braces} of Ñúñez'})
    expect(text).toContain('title = {A \\& {B} at 50\\% \\{braces\\} of {Ñúñez}}')
    expect(text).toMatch(/^@inproceedings\{x,/)
  })
})
