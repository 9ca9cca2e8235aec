import {describe, expect, it} from 'vitest'
import {contentStateAt} from '../../src/pdf-file/content-state.js'

/** The state in force where `@` stands in the content. */
function stateAt(content: string) {
  const at = content.indexOf('@')
  return contentStateAt(content.replace('@', ' '), at)
}

describe('the graphics state at a point of a page', () => {
  it('keeps what is in force there, in order, and drops what was restored', () => {
    const state = stateAt(
      [
        '.24 0 0 -.24 0 841.92 cm',
        'q',
        '1 0 0 1 10 10 cm',
        '1 0 0 rg',
        '/G8 gs',
        'Q',
        'q',
        '3.125 0 0 3.125 0 0 cm',
        '.3333 .3333 .3333 RG .3333 .3333 .3333 rg',
        '/G3 gs',
        '/Lbl <</MCID 0 /Alt (a (nested) string with >> and EMC)>>BDC',
        'BT',
        '/F4 10 Tf',
        '1 0 0 -1 75.5 76 Tm',
        '<0036> Tj',
        '(a) Tj',
        'ET',
        'EMC',
        '10 20 m 30 40 l S',
        '@',
        'BT /F4 12 Tf <0014> Tj ET',
        'Q'
      ].join('\n')
    )
    expect(state).toEqual({
      operators: [
        '.24 0 0 -.24 0 841.92 cm',
        '3.125 0 0 3.125 0 0 cm',
        '.3333 .3333 .3333 RG',
        '.3333 .3333 .3333 rg',
        '/G3 gs'
      ],
      resources: [{category: 'ExtGState', name: 'G3'}]
    })
  })

  it('keeps a clipping path, and a colour space by name', () => {
    const state = stateAt('q 237.5 284.375 2007.959 2940.9668 re\nW* n\n/CS0 cs 0.5 sc [3 2] 0 d\n@ Q')
    expect(state?.operators).toEqual([
      '237.5 284.375 2007.959 2940.9668 re',
      'W* n',
      '/CS0 cs',
      '0.5 sc',
      '[ 3 2 ] 0 d'
    ])
    expect(state?.resources).toEqual([{category: 'ColorSpace', name: 'CS0'}])
    // A path painted without clipping leaves no state.
    expect(stateAt('0 0 10 10 re f\n@')?.operators).toEqual([])
    expect(stateAt('/DeviceRGB cs 1 0 0 sc @')?.resources).toEqual([])
  })

  it('declines what it does not read', () => {
    // More restores than saves, an inline image, a pattern by name, a string or dictionary with no end, a stray character.
    for (const content of ['Q @', 'BI /W 1 /H 1 ID x EI @', '/P0 scn @', '(no end @', '<</MCID 3 @', '} @']) {
      expect(stateAt(content), content).toBeUndefined()
    }
  })
})
