import {describe, expect, it} from 'vitest'
import {parseContribution} from '../../src/model/parse-contribution.js'
import {messagesOf, virtualFile, virtualRoot} from '../helpers/virtual-file.js'

const parse = (text: string, source = 'contributions/c.md') => {
  const file = virtualFile(source, text)
  return {file, contribution: parseContribution(file, virtualRoot, 'en')}
}

describe('contribution front matter', () => {
  it('reads a complete contribution with defaults filled in', () => {
    const {file, contribution} = parse(
      '---\ntitle: T\nsession: s\nspeakers:\n  - name: A\n    country: Peru\nquestions: [2, main]\ndate: 2021-10-05\n---\nBody.\n'
    )
    expect(file.messages).toEqual([])
    expect(contribution).toMatchObject({
      id: 'c',
      title: 'T',
      sessionId: 's',
      questions: [2, 'main'],
      objectives: [],
      type: 'intervention',
      language: 'en',
      date: '2021-10-05',
      draft: false,
      anchor: 'c:c'
    })
    expect(contribution?.speakers).toEqual([{name: 'A', country: 'Peru', countryCode: 'PE'}])
    expect(contribution?.body.atRoot).toBe('<p>Body.</p>')
  })

  it('keeps dates as the calendar dates written, with no time zone shift', () => {
    const {contribution} = parse('---\ntitle: T\nsession: s\nspeakers: [A]\ndate: 2021-01-01\n---\n')
    expect(contribution?.date).toBe('2021-01-01')
  })

  it('accepts a single value where a list is expected, and a name for a speaker', () => {
    const {file, contribution} = parse(
      '---\ntitle: T\nsession: s\nspeakers: Ada Lovelace\nquestions: 3\n---\n'
    )
    expect(file.messages).toEqual([])
    expect(contribution?.speakers).toEqual([{name: 'Ada Lovelace'}])
    expect(contribution?.questions).toEqual([3])
  })

  it('reports a missing required key at the start of the front matter', () => {
    const {file, contribution} = parse('---\ntitle: T\nsession: s\n---\n')
    expect(contribution).toBeUndefined()
    expect(messagesOf(file)).toEqual(['2:1 error missing-key'])
    expect(file.messages[0]?.reason).toBe('Missing required key `speakers`')
  })

  it('reports a value of the wrong type at its line, saying what was expected and found', () => {
    const {file} = parse('---\ntitle: T\nsession: s\nspeakers: 42\n---\n')
    expect(messagesOf(file)).toEqual(['4:11 error invalid-value'])
    expect(file.messages[0]?.reason).toBe(
      'Expected `speakers` to be a list of people, each with a `name`, found the number `42`'
    )
  })

  it('reports an unknown type with the accepted ones', () => {
    const {file} = parse('---\ntitle: T\nsession: s\nspeakers: [A]\ntype: talk\n---\n')
    expect(file.messages[0]?.reason).toBe(
      'Expected `type` to be one of intervention, keynote, panel, written, chat, synthesis, found the text `talk`'
    )
    expect(messagesOf(file)).toEqual(['5:7 error invalid-value'])
  })

  it('refuses an impossible date', () => {
    const {file} = parse('---\ntitle: T\nsession: s\nspeakers: [A]\ndate: 2021-02-30\n---\n')
    expect(messagesOf(file)).toEqual(['5:7 error invalid-value'])
  })

  it('warns about an unknown key and suggests the nearest known one', () => {
    const {file, contribution} = parse(
      '---\ntitle: T\nsession: s\nspeakers:\n  - name: A\n    afiliation: X\nquestion: [1]\n---\n'
    )
    expect(contribution).toBeDefined()
    expect(messagesOf(file)).toEqual(['7:1 warning unknown-key', '6:5 warning unknown-key'])
    expect(file.messages.map((message) => message.reason)).toEqual([
      'Unknown key `question`, did you mean `questions`?',
      'Unknown key `speakers[0].afiliation`, did you mean `affiliation`?'
    ])
  })

  it('reports broken YAML at its line', () => {
    const {file} = parse('---\ntitle: T\nsession: [s\nspeakers: [A]\n---\n')
    expect(file.messages[0]?.ruleId).toBe('yaml-syntax')
    expect(file.messages[0]?.fatal).toBe(true)
  })

  it('refuses duplicate keys', () => {
    const {file} = parse('---\ntitle: T\ntitle: U\nsession: s\nspeakers: [A]\n---\n')
    expect(messagesOf(file)).toEqual(['3:1 error yaml-duplicate-key'])
  })

  it('refuses JavaScript front matter without evaluating it', () => {
    const marker = '__proceedingsEvaluated'
    for (const fence of ['---js', '---javascript', '---JS ']) {
      const {file, contribution} = parse(
        `${fence}\n{title: "T", session: "s", speakers: ["A"], x: (globalThis.${marker} = true)}\n---\n`
      )
      expect(contribution).toBeUndefined()
      expect(messagesOf(file)).toEqual(['1:4 error front-matter-language'])
    }
    expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined()
  })

  it('stops an alias bomb quickly', () => {
    const lines = ['---', 'a: &a ["x","x","x","x","x","x","x","x","x"]']
    for (let level = 1; level < 10; level++) {
      const previous = String.fromCharCode(96 + level)
      const name = String.fromCharCode(97 + level)
      lines.push(
        `${name}: &${name} [*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous}]`
      )
    }
    lines.push('title: T', 'session: s', 'speakers: [A]', '---', '')
    const started = performance.now()
    const {file, contribution} = parse(lines.join('\n'))
    expect(performance.now() - started).toBeLessThan(1000)
    expect(contribution).toBeUndefined()
    expect(file.messages[0]?.ruleId).toBe('yaml-alias-limit')
  })

  it('refuses deeply nested front matter quickly, without running out of stack', () => {
    for (const nested of [
      `x: ${'['.repeat(5000)}${']'.repeat(5000)}`,
      `x: ${'['.repeat(30)}1${']'.repeat(30)}`
    ]) {
      const started = performance.now()
      const {file, contribution} = parse(`---\ntitle: T\nsession: s\nspeakers: [A]\n${nested}\n---\n`)
      expect(performance.now() - started).toBeLessThan(2000)
      expect(contribution).toBeUndefined()
      expect(file.messages[0]?.fatal).toBe(true)
      expect(file.messages[0]?.reason).toBe('Front matter nested too deeply, expected at most 20 levels')
    }
  })

  it('refuses Markdown nested hundreds deep quickly, at the first line too deep', () => {
    const list = Array.from({length: 500}, (_, depth) => '  '.repeat(depth) + '- item').join('\n')
    const started = performance.now()
    const {file} = parse(`---\ntitle: T\nsession: s\nspeakers: [A]\n---\n\n${list}\n`)
    // Refused at the limit, not after parsing it all: far under the minutes a deep parse took, even on a busy machine.
    expect(performance.now() - started).toBeLessThan(10_000)
    expect(messagesOf(file)).toEqual(['88:1 error markdown-too-deep'])
  })

  it('reports a file without front matter and an empty file', () => {
    expect(messagesOf(parse('Just text.\n').file)).toEqual(['1:1 error missing-front-matter'])
    expect(messagesOf(parse('').file)).toEqual(['1:1 error empty-file'])
  })

  it('prints template syntax in contributions literally', () => {
    const {contribution} = parse(
      '---\ntitle: "{{title}}"\nsession: s\nspeakers: [A]\n---\nHello {{#each x}}{{/each}}\n'
    )
    expect(contribution?.title).toBe('{{title}}')
    expect(contribution?.body.atRoot).toBe('<p>Hello {{#each x}}{{/each}}</p>')
  })

  it('sanitizes raw HTML and scopes ids per contribution', () => {
    const {contribution} = parse(
      '---\ntitle: T\nsession: s\nspeakers: [A]\n---\n<script>alert(1)</script><a href="javascript:alert(1)" onclick="x()">l</a>\n\nText.[^n]\n\n[^n]: Note.\n'
    )
    const html = contribution?.body.atRoot ?? ''
    expect(html).not.toMatch(/<script|onclick|javascript:/)
    expect(html).toContain('id="c:c::fn-n"')
    expect(html).toContain('href="#c:c::fn-n"')
  })
})
