import {PDFContext, PDFDocument} from 'pdf-lib'
import {describe, expect, it} from 'vitest'
import {PdfShapeError} from '../../src/pdf-file/pdf-shape-error.js'
import {latin1, RawPdf} from '../../src/pdf-file/raw-pdf.js'

/** A PDF written by hand, as Chromium writes them: objects in text, then a classic cross-reference table. */
function handWritten(objects: string[]): Uint8Array {
  let text = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((object, index) => {
    offsets.push(text.length)
    text += `${index + 1} 0 obj\n${object}\nendobj\n`
  })
  const xref = text.length
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const offset of offsets) text += `${String(offset).padStart(10, '0')} 00000 n \n`
  text += `trailer\n<</Size ${objects.length + 1}\n/Root 1 0 R\n/Info 2 0 R>>\nstartxref\n${xref}\n%%EOF`
  return Buffer.from(text, 'latin1')
}

const plus100 = (number: number) => number + 100

describe('reading a printed piece as bytes', () => {
  const pdf = new RawPdf(
    handWritten([
      '<</Type /Catalog /Pages 3 0 R>>',
      '<</Title (Chapter 3 0 R \\(see 4 0 R\\) and (nested 5 0 R)) /Alt <3420302052> /Producer (x)>>',
      '<</Kids [4 0 R 5 0 R] % a comment: 6 0 R\n/Count 2 /MediaBox [0 0 594.96 841.92] /Weird [-3 0 R 1.5 0 R]>>',
      '<</Length 5 0 R>> stream\nab 9 0 R endstream endobj\nendstream',
      '25'
    ])
  )

  it('renumbers references and nothing that only looks like one', () => {
    expect(pdf.root).toBe(1)
    expect(pdf.info).toBe(2)
    expect(pdf.size).toBe(6)
    expect(latin1(pdf.object(1, plus100).text())).toBe('\n<</Type /Catalog /Pages 103 0 R>>\n')
    // In strings, hex strings and comments a reference is text.
    expect(latin1(pdf.object(2, plus100).text())).toBe(
      '\n<</Title (Chapter 3 0 R \\(see 4 0 R\\) and (nested 5 0 R)) /Alt <3420302052> /Producer (x)>>\n'
    )
    expect(latin1(pdf.object(3, plus100).text())).toBe(
      '\n<</Kids [104 0 R 105 0 R] % a comment: 6 0 R\n/Count 2 /MediaBox [0 0 594.96 841.92] /Weird [-3 0 R 1.5 0 R]>>\n'
    )
  })

  it('finds stream data by its length, even a length held in another object', () => {
    const object = pdf.object(4, plus100)
    expect(latin1(object.text())).toBe('\n<</Length 105 0 R>> ')
    // The data may hold anything, even the word that ends it.
    expect(latin1(object.bytes.subarray(...object.stream!))).toBe('ab 9 0 R endstream endobj')
    // Parsed, an object with a stream gives nothing: its data is never read as objects.
    expect(pdf.parse(4, PDFContext.create())).toBeUndefined()
    expect(String(pdf.parse(1, PDFContext.create(), plus100))).toBe('<<\n/Type /Catalog\n/Pages 103 0 R\n>>')
  })

  it('finds the objects that mention a text', () => {
    expect(pdf.objectsMentioning(['/Kids', '/Title'])).toEqual([2, 3])
    expect(pdf.objectsMentioning(['/Nowhere'])).toEqual([])
  })

  it('writes a copy with objects replaced and objects added, which reads back', async () => {
    const copy = pdf.withObjects(new Map([[5, Buffer.from('5 0 obj\n26\nendobj\n', 'latin1')]]), [
      Buffer.from('6 0 obj\n(added)\nendobj\n', 'latin1')
    ])
    const again = new RawPdf(copy)
    expect(again.size).toBe(7)
    expect(latin1(again.object(5, (same) => same).text()).trim()).toBe('26')
    expect(latin1(again.object(6, (same) => same).text()).trim()).toBe('(added)')
    expect(latin1(again.object(2, (same) => same).text())).toBe(latin1(pdf.object(2, (same) => same).text()))
    // A reader other than this one finds every object by the new table and trailer.
    const document = await PDFDocument.load(copy, {updateMetadata: false, throwOnInvalidObject: true})
    expect(document.context.trailerInfo.Root?.toString()).toBe('1 0 R')
    expect(document.context.largestObjectNumber).toBe(6)
    expect(latin1(copy).match(/\/Size (\d+)/)?.[1]).toBe('7')
  })

  it('names what it cannot read', async () => {
    expect(() => new RawPdf(Buffer.from('%PDF-1.4\nnot a pdf'))).toThrow(PdfShapeError)
    expect(() => new RawPdf(Buffer.from(''))).toThrow(/no startxref/)
    // Object streams and a cross-reference stream: not what Chromium writes.
    const compressed = await PDFDocument.create()
    compressed.addPage()
    const bytes = await compressed.save({useObjectStreams: true})
    expect(() => new RawPdf(bytes)).toThrow(/a cross-reference stream, not a table/)
    expect(() => pdf.object(9, plus100)).toThrow(/no object 9/)
    // An update appended to a file lists only what it changed: the objects of the first table would be lost.
    const updated = latin1(handWritten(['<</Type /Catalog>>', '<<>>'])).replace(
      '/Info 2 0 R>>',
      '/Info 2 0 R /Prev 9>>'
    )
    expect(() => new RawPdf(Buffer.from(updated, 'latin1'))).toThrow(/an update appended to it/)
  })
})
