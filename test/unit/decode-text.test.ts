import {describe, expect, it} from 'vitest'
import {decodeText} from '../../src/content/decode-text.js'

describe('decodeText', () => {
  it('reads UTF-8 with or without a byte order mark, and folds CRLF and CR to LF', () => {
    expect(decodeText(Buffer.from('\ufeffé\r\nb\rc', 'utf8'))).toEqual({ok: true, text: 'é\nb\nc'})
  })

  it('points at the first bad byte by line and column, counting characters', () => {
    expect(decodeText(Buffer.from('ok\nJos\xe9 x', 'latin1'))).toEqual({ok: false, line: 2, column: 4})
    expect(decodeText(Buffer.from('ab\xc3(', 'latin1'))).toEqual({ok: false, line: 1, column: 3})
    expect(decodeText(Buffer.from('é\xed\xa0\x80', 'latin1'))).toMatchObject({ok: false, line: 1})
  })

  it('leaves no state behind: a bad file does not taint the next one', () => {
    expect(decodeText(Buffer.from([0xc3])).ok).toBe(false)
    expect(decodeText(Buffer.from('fine\n', 'utf8'))).toEqual({ok: true, text: 'fine\n'})
  })

  it('finds a bad byte at the end of a 2 MB line in linear time', () => {
    const started = performance.now()
    expect(decodeText(Buffer.from('x'.repeat(2_000_000) + '\xff', 'latin1'))).toEqual({
      ok: false,
      line: 1,
      column: 2_000_001
    })
    expect(performance.now() - started).toBeLessThan(1000)
  })
})
