import {describe, expect, it} from 'vitest'
import {findExcess, markdownLimits} from '../../src/model/markdown-limits.js'

const repeat = (count: number, text: (index: number) => string, separator: string) =>
  Array.from({length: count}, (_, index) => text(index)).join(separator)

describe('inline markup in one paragraph', () => {
  it('finds a paragraph with more openers than the limit, at the line where it passes it', () => {
    const body = 'Intro.\n\n' + repeat(3000, (index) => `[link](u${index}) and *more*`, '\n')
    expect(findExcess(body)).toMatchObject({
      line: Math.floor(markdownLimits.paragraphMarks / 3) + 3,
      ruleId: 'paragraph-too-dense'
    })
  })

  it('counts each paragraph, list item, heading and table row apart', () => {
    const link = (index: number) => `[link ${index}](https://example.org/${index}) *a* _b_ \`c\` <br>`
    // Far more openers in the file than in any paragraph: 7 per line, 1,800 lines.
    for (const body of [
      repeat(1800, link, '\n\n'),
      repeat(1800, (index) => `- ${link(index)}`, '\n'),
      repeat(900, (index) => `## ${link(index)}\n${link(index)}`, '\n'),
      '| a | b |\n|---|---|\n' + repeat(1800, (index) => `| ${link(index)} | x |`, '\n')
    ]) {
      expect(findExcess(body)).toBeUndefined()
    }
  })

  it('reports the limits that say more first: footnote references, deep HTML', () => {
    expect(findExcess('Text' + '[^1]'.repeat(10_000))?.ruleId).toBe('too-many-footnote-references')
    expect(findExcess('<div>'.repeat(10_000))?.ruleId).toBe('html-too-deep')
  })
})
