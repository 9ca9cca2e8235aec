import fc from 'fast-check'
import matter from 'gray-matter'
import {describe, expect, it} from 'vitest'
import {VFile} from '../../src/content/content-file.js'
import {parseFrontMatter} from '../../src/content/parse-front-matter.js'

describe('parseFrontMatter', () => {
  it('splits front matter and body where gray-matter splits the whole text', () => {
    // gray-matter is handed the front matter alone: the body must still be what it would cut.
    const line = fc.constantFrom(
      'title: A title',
      'a: 1',
      '- x',
      '',
      '  nested: y',
      '# a comment',
      '---x',
      '----',
      '--- ',
      'body text',
      '***',
      '---',
      '---\r',
      '\r',
      'speakers: [A, B]'
    )
    const lines = fc.array(line, {maxLength: 8})
    const text = fc
      .tuple(
        fc.constantFrom('---', '---yaml', '--- ', '---YML'),
        lines,
        fc.constantFrom('---', '--- ', '---\t', '----'),
        lines,
        fc.constantFrom('', '\n')
      )
      .map(
        ([open, matterLines, close, bodyLines, end]) =>
          [open, ...matterLines, close, ...bodyLines].join('\n') + end
      )
    let split = 0
    fc.assert(
      fc.property(text, (source) => {
        const file = new VFile({path: 'contributions/c.md', value: source})
        parseFrontMatter(file)
        if (
          file.messages.some(
            (message) =>
              message.ruleId === 'front-matter-unclosed' || message.ruleId === 'front-matter-language'
          )
        )
          return
        split++
        const whole = matter(source, {engines: {yaml: {parse: () => ({}), stringify: () => ''}}})
        expect(file.data.body).toBe(whole.content)
        expect(file.data.bodyLine).toBe(
          source.slice(0, source.length - whole.content.length).split('\n').length
        )
      }),
      {numRuns: 3000, seed: 2026}
    )
    // Most texts are split: the comparison is not vacuous.
    expect(split).toBeGreaterThan(1500)
  })
})
