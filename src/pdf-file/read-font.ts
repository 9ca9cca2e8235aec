import {PDFArray, PDFDict, PDFName, PDFNumber, type PDFObject, type PDFRef} from 'pdf-lib'
import {latin1} from './raw-pdf.js'

/** A composite font as Chromium embeds one: two-byte glyph ids, their text and their widths. */
export interface Font {
  unicode: Map<number, string>
  width(glyph: number): number
}

export function readFont(
  ref: PDFRef,
  resolve: (value: PDFObject | undefined) => PDFObject | undefined,
  stream: (value: PDFObject | undefined) => Uint8Array | undefined
): Font | undefined {
  const font = resolve(ref)
  if (!(font instanceof PDFDict) || font.get(PDFName.of('Encoding')) !== PDFName.of('Identity-H'))
    return undefined
  const descendants = resolve(font.get(PDFName.of('DescendantFonts')))
  const cid = descendants instanceof PDFArray ? resolve(descendants.get(0)) : undefined
  const toUnicode = stream(font.get(PDFName.of('ToUnicode')))
  if (!(cid instanceof PDFDict) || !toUnicode) return undefined
  const unicode = readToUnicode(latin1(toUnicode))
  const defaultWidth = resolve(cid.get(PDFName.of('DW')))
  const widths = readWidths(resolve(cid.get(PDFName.of('W'))), resolve)
  const fallback = defaultWidth instanceof PDFNumber ? defaultWidth.asNumber() : 1000
  return {unicode, width: (id) => widths.get(id) ?? fallback}
}

/** A font's `W` array: `c [w1 w2 …]` gives widths from c on, `c1 c2 w` one width to a range. */
function readWidths(
  value: PDFObject | undefined,
  resolve: (value: PDFObject | undefined) => PDFObject | undefined
): Map<number, number> {
  const widths = new Map<number, number>()
  const items = value instanceof PDFArray ? value.asArray().map(resolve) : []
  for (let at = 0; at < items.length;) {
    const first = items[at]
    const next = items[at + 1]
    if (!(first instanceof PDFNumber)) break
    if (next instanceof PDFArray) {
      next.asArray().forEach((width, offset) => {
        if (width instanceof PDFNumber) widths.set(first.asNumber() + offset, width.asNumber())
      })
      at += 2
    } else {
      const width = items[at + 2]
      if (!(next instanceof PDFNumber) || !(width instanceof PDFNumber)) break
      for (let id = first.asNumber(); id <= next.asNumber(); id++) widths.set(id, width.asNumber())
      at += 3
    }
  }
  return widths
}

/** The text of each glyph id, from a ToUnicode CMap's `bfchar` and `bfrange` sections. */
function readToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>()
  const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le')
  for (const [, section] of cmap.matchAll(/beginbfchar([^]*?)endbfchar/g)) {
    for (const [, code, text] of section!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
      map.set(Number.parseInt(code!, 16), utf16(text!))
  }
  for (const [, section] of cmap.matchAll(/beginbfrange([^]*?)endbfrange/g)) {
    for (const [, low, high, start, list] of section!.matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]+)>|\[([^\]]*)\])/g
    )) {
      const from = Number.parseInt(low!, 16)
      const to = Number.parseInt(high!, 16)
      if (start !== undefined) {
        const first = Buffer.from(start, 'hex')
        for (let id = from; id <= to; id++) {
          const text = Buffer.from(first)
          text.writeUInt16BE((text.readUInt16BE(text.length - 2) + id - from) & 0xffff, text.length - 2)
          map.set(id, text.swap16().toString('utf16le'))
        }
      } else {
        ;[...list!.matchAll(/<([0-9A-Fa-f]+)>/g)].forEach(([, text], offset) =>
          map.set(from + offset, utf16(text!))
        )
      }
    }
  }
  return map
}
