import {describe, expect, it} from 'vitest'
// The built modules: the threads run the built citation-worker.js beside them, as a build does.
import {CitationFormatter} from '../../lib/render/cite/citation-formats.js'
import {formatCitations} from '../../lib/render/cite/format-citations.js'

const families = ['Fauré', 'Benali', 'Ñúñez', 'Okafor', 'Smith', 'Nguyễn']
const items = Array.from({length: 700}, (_, index) => ({
  id: `c${index}`,
  'citation-key': `c${index}`,
  type: 'paper-conference',
  title: `Une contribution numéro ${index}`,
  author: [{given: 'Élodie', family: families[index % families.length]}],
  'container-title': 'Forum : actes',
  issued: {'date-parts': [[2021, 10, 5]]},
  page: `${index + 3}-${index + 4}`
}))

describe('citations formatted in threads', () => {
  it('gives each item the text one engine gives it, for items shared between threads', async () => {
    const texts = await formatCitations('fr', items)
    const one = new CitationFormatter('fr').formatAll(items)
    expect(texts.size).toBe(items.length)
    expect(items.map((item) => texts.get(item.id))).toEqual(items.map((item) => one.get(item.id)))
    // Shared from the first to the last: the last item's text names its own pages.
    expect(texts.get('c699')).toContain('702')
  })
})
