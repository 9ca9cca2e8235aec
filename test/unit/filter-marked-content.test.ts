import {describe, expect, it} from 'vitest'
import {filterMarkedContent, markedContentOps} from '../../src/pdf-file/filter-marked-content.js'

/** A page as Chromium writes it: a running head outside marked content, then two paragraphs of two elements. */
const page = [
  '.24 0 0 -.24 0 841.92 cm',
  'q BT /F4 10 Tf 1 0 0 -1 75 76 Tm <0026> Tj ET Q',
  'q 0 0 100 100 re W* n',
  '/P <</MCID 0 >>BDC',
  'BT /F7 14 Tf 1 0 0 -1 0 1899 Tm',
  '/Span<</ActualText (fi) >> BDC <0856> Tj EMC',
  '9.28 0 Td [<0055> -20 <0056>] TJ (a \\) b) Tj',
  'ET',
  '0 0 10 10 re f',
  'EMC',
  '/P <</MCID 1 >>BDC',
  'BT 1 0 0 -1 0 1950 Tm <0057> Tj ET',
  '/Im1 Do',
  'EMC',
  'Q'
].join('\n')
const bytes = Buffer.from(page, 'latin1')

describe('filterMarkedContent', () => {
  it('leaves out what the refused sequences paint, and keeps what sets the graphics state', () => {
    const kept = Buffer.from(filterMarkedContent(bytes, (mcid) => mcid === 1)!).toString('latin1')
    // The running head and the kept paragraph are there, as written.
    expect(kept).toContain('<0026> Tj')
    expect(kept).toContain('/P <</MCID 1 >>BDC\nBT 1 0 0 -1 0 1950 Tm <0057> Tj ET\n/Im1 Do\nEMC')
    // The refused paragraph shows no text and paints no path, but its positions, fonts and clip stay.
    expect(kept).not.toMatch(/<0856>|<0055>|a \\\) b|MCID 0|ActualText/)
    expect(kept).toContain('BT /F7 14 Tf 1 0 0 -1 0 1899 Tm')
    expect(kept).toContain('9.28 0 Td')
    expect(kept).toContain('0 0 10 10 re n')
    expect(kept).toContain('re W* n')
    // Graphics states stay balanced.
    expect(kept.match(/\bq\b/g)).toHaveLength(kept.match(/\bQ\b/g)!.length)
    expect(kept.match(/\bBDC\b/g)).toHaveLength(kept.match(/\bEMC\b/g)!.length)
  })

  it('returns nothing when every sequence is kept', () => {
    expect(filterMarkedContent(bytes, () => true)).toBeUndefined()
  })

  it('filters a page shared by two parts from one reading of it, each as a reading of its own would', () => {
    const read = markedContentOps(bytes)
    const first = (mcid: number) => mcid === 0
    const second = (mcid: number) => mcid === 1
    const text = (filtered: Uint8Array | undefined) => Buffer.from(filtered!).toString('latin1')
    expect(text(filterMarkedContent(bytes, first, read))).toBe(text(filterMarkedContent(bytes, first)))
    expect(text(filterMarkedContent(bytes, second, read))).toBe(text(filterMarkedContent(bytes, second)))
    // Each part keeps its own paragraph and leaves out the other's.
    expect(text(filterMarkedContent(bytes, first, read))).toContain('<0856>')
    expect(text(filterMarkedContent(bytes, first, read))).not.toContain('<0057>')
    expect(text(filterMarkedContent(bytes, second, read))).toContain('<0057>')
  })
})
