import {PDFDict, PDFDocument} from 'pdf-lib'
import {PdfShapeError} from './pdf-shape-error.js'

/**
 * The same PDF in the shape the raw reader reads: pdf-lib parses every
 * object (from object streams too, and whatever the cross-reference data
 * says) and writes them all out again in plain text, with their numbers and
 * a classic table. Slower than the raw reader by far, so kept for a file it
 * could not read. A file pdf-lib cannot read either is a `PdfShapeError`.
 */
export async function normalisePdf(bytes: Uint8Array): Promise<Uint8Array> {
  let pdf: PDFDocument
  try {
    pdf = await PDFDocument.load(bytes, {updateMetadata: false, throwOnInvalidObject: true})
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    throw new PdfShapeError(`pdf-lib cannot read it either (${reason})`, {cause: error})
  }
  // pdf-lib takes what it can of a broken file: one with no catalog left is nothing to print from.
  if (!(pdf.context.lookup(pdf.context.trailerInfo.Root) instanceof PDFDict))
    throw new PdfShapeError('pdf-lib finds no catalog in it either')
  return pdf.save({useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false})
}

/**
 * `read` over a PDF, or, when its shape is one `read` does not know, over the
 * PDF normalised: what it gave, and the bytes it was read from. When that
 * fails too, a shape error names both failures.
 */
export async function readNormalising<T>(
  bytes: Uint8Array,
  read: (bytes: Uint8Array) => T | Promise<T>
): Promise<{value: T; bytes: Uint8Array}> {
  try {
    return {value: await read(bytes), bytes}
  } catch (error) {
    if (!(error instanceof PdfShapeError)) throw error
    const normalised = await normalisePdf(bytes).catch((again: unknown) => {
      throw again instanceof PdfShapeError
        ? new PdfShapeError(`${error.message}, and ${again.message}`, {cause: again})
        : again
    })
    try {
      return {value: await read(normalised), bytes: normalised}
    } catch (again) {
      if (!(again instanceof PdfShapeError)) throw again
      throw new PdfShapeError(`${error.message}, and rewritten by pdf-lib, ${again.message}`, {cause: again})
    }
  }
}
