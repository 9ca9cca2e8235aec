import Handlebars from 'handlebars'
import {describe, expect, it} from 'vitest'
import {registerHelpers} from '../../src/render/theme/helpers.js'

/** A CSS string literal's value, as a CSS parser reads it; undefined when a newline ends it early. */
function readCssString(literal: string): string | undefined {
  const match = /^"((?:[^"\\\n\r\f]|\\[0-9a-fA-F]{1,6} ?|\\[^0-9a-fA-F\n\r\f])*)"$/.exec(literal)
  if (!match) return undefined
  return match[1]!.replace(
    /\\([0-9a-fA-F]{1,6}) ?|\\(.)/g,
    (_whole, hex: string | undefined, other: string | undefined) =>
      hex ? String.fromCodePoint(Number.parseInt(hex, 16)) : other!
  )
}

describe('cssString, for titles written into the print stylesheet', () => {
  const handlebars = Handlebars.create()
  registerHelpers(handlebars)
  const render = handlebars.compile('{{cssString value}}')

  it('keeps every character of a title, with no newline of CSS (LF, CR, form feed) or `<` left in it', () => {
    for (const value of [
      'Plain title',
      'Form\ffeed} body { display: none } x {"',
      'Line\nfeed\r\nand \u2028 separators',
      'Quote " back\\slash </style><script>',
      'Bell\u0007 escape\u001b[31m del\u007f c1\u009b',
      'Café ½ 𝔘'
    ]) {
      const literal = render({value})
      // eslint-disable-next-line no-control-regex -- control characters are what it looks for
      expect(literal, JSON.stringify(value)).not.toMatch(/[\n\r\f<>\u0000-\u001f\u007f-\u009f]/)
      expect(readCssString(literal), JSON.stringify(value)).toBe(value)
    }
  })
})
