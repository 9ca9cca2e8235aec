import {PDFDocument, PDFName, PDFRawStream, type PDFObject} from 'pdf-lib'
import {describe, expect, it} from 'vitest'
import {normalisePdf, readNormalising} from '../../src/pdf-file/normalise-pdf.js'
import {PdfShapeError} from '../../src/pdf-file/pdf-shape-error.js'
import {latin1, RawPdf} from '../../src/pdf-file/raw-pdf.js'
import {readPieceAnchors} from '../../src/pdf-file/read-destinations.js'

/** A piece as a browser other than the tested one might write it: three pages, named destinations, object streams. */
async function compressedPiece(): Promise<{bytes: Uint8Array; objects: Map<string, string>}> {
  const pdf = await PDFDocument.create({updateMetadata: false})
  const pages = [pdf.addPage(), pdf.addPage(), pdf.addPage()]
  pdf.catalog.set(
    PDFName.of('Dests'),
    pdf.context.obj({
      's:alpha': [pages[0]!.ref, 'XYZ', 0, 800, 0],
      's:caf%C3%A9': pdf.context.register(pdf.context.obj([pages[2]!.ref, 'XYZ', 0, 500, 0]))
    })
  )
  pdf.setTitle('A piece')
  const objects = new Map(
    pdf.context.enumerateIndirectObjects().map(([ref, object]) => [ref.toString(), show(object)] as const)
  )
  return {bytes: await pdf.save({useObjectStreams: true}), objects}
}

const show = (object: PDFObject) =>
  object instanceof PDFRawStream ? latin1(object.getContents()) : object.toString()

describe('normalising a PDF the raw reader does not read', () => {
  it('rewrites object streams and a cross-reference stream as plain objects and a table, each object kept with its number', async () => {
    const {bytes, objects} = await compressedPiece()
    expect(latin1(bytes)).toMatch(/\/Type \/ObjStm/)
    expect(() => new RawPdf(bytes)).toThrow(PdfShapeError)

    const normalised = await normalisePdf(bytes)
    const raw = new RawPdf(normalised)
    expect(latin1(normalised)).not.toMatch(/\/ObjStm|\/XRef/)
    const reread = await PDFDocument.load(normalised, {updateMetadata: false, throwOnInvalidObject: true})
    const after = new Map(
      reread.context
        .enumerateIndirectObjects()
        .map(([ref, object]) => [ref.toString(), show(object)] as const)
    )
    expect(after).toEqual(objects)
    for (const ref of objects.keys()) expect(raw.has(Number(ref.split(' ')[0]))).toBe(true)
    expect(readPieceAnchors(normalised)).toEqual({
      pages: 3,
      anchors: new Map([
        ['s:alpha', 1],
        ['s:café', 3]
      ])
    })
  })

  it('reads a PDF in the usual shape as it is, and one in another shape once normalised', async () => {
    const {bytes} = await compressedPiece()
    const normalised = await normalisePdf(bytes)
    let reads = 0
    const read = (input: Uint8Array) => {
      reads++
      return readPieceAnchors(input).pages
    }
    const direct = await readNormalising(normalised, read)
    expect(direct).toEqual({value: 3, bytes: normalised})
    expect(reads).toBe(1)
    const rewritten = await readNormalising(bytes, read)
    expect(rewritten.value).toBe(3)
    expect(rewritten.bytes).not.toBe(bytes)
    expect(() => new RawPdf(rewritten.bytes)).not.toThrow()
    expect(reads).toBe(3)
  })

  it('is a shape error, naming both failures, when neither way reads the file', async () => {
    const garbage = Buffer.from('%PDF-1.7\nnothing else')
    await expect(normalisePdf(garbage)).rejects.toThrow(PdfShapeError)
    await expect(readNormalising(garbage, readPieceAnchors)).rejects.toThrow(
      /^no startxref at its end, and pdf-lib finds no catalog in it either$/
    )
    const {bytes} = await compressedPiece()
    const refuse = () => {
      throw new PdfShapeError('not this one')
    }
    await expect(readNormalising(bytes, refuse)).rejects.toThrow(
      /^not this one, and rewritten by pdf-lib, not this one$/
    )
    // Other errors are bugs, passed on as they are.
    await expect(
      readNormalising(bytes, () => {
        throw new TypeError('a bug')
      })
    ).rejects.toThrow(TypeError)
  })
})
