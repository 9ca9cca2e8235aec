import {PDFDocument, PDFName, PDFString} from 'pdf-lib'
import {describe, expect, it} from 'vitest'
import {mergePieces} from '../../src/pdf-file/merge-pieces.js'
import {readDestinations, readPieceAnchors} from '../../src/pdf-file/read-destinations.js'
import {VolumeWriter} from '../../src/pdf-file/volume-writer.js'

/**
 * A piece whose named destinations are in a `/Names` tree, the other form PDF allows: a root with one
 * kid, a destination as an array and one as a dictionary with `/D`. Saved in the shape Chromium writes.
 */
async function pieceWithNameTree(names: string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({updateMetadata: false})
  const pages = names.map(() => pdf.addPage())
  const {context} = pdf
  const pairs = names.flatMap((name, index) => {
    const destination = context.obj([pages[index]!.ref, 'XYZ', 0, 700, 0])
    return [PDFString.of(name), index % 2 ? context.obj({D: destination}) : destination]
  })
  const leaf = context.register(context.obj({Names: pairs, Limits: [pairs[0]!, pairs.at(-2)!]}))
  pdf.catalog.set(PDFName.of('Names'), context.obj({Dests: context.obj({Kids: [leaf]})}))
  return pdf.save({useObjectStreams: false})
}

describe('named destinations in a /Names tree', () => {
  it('are read for the layout of a piece', async () => {
    const piece = await pieceWithNameTree(['s:alpha', 'g:alpha-1', 's:caf%C3%A9'])
    expect(readPieceAnchors(piece)).toEqual({
      pages: 3,
      anchors: new Map([
        ['s:alpha', 1],
        ['g:alpha-1', 2],
        ['s:café', 3]
      ])
    })
  })

  it('become destinations of the merged volume, on the right pages', async () => {
    const pieces = [await pieceWithNameTree(['front']), await pieceWithNameTree(['s:one', 's:two'])]
    const writer = new VolumeWriter()
    const merged = await mergePieces(2, (index) => Promise.resolve(pieces[index]!), writer)
    const volume = await PDFDocument.load(writer.finish(merged.context)!, {
      updateMetadata: false,
      throwOnInvalidObject: true
    })
    expect(volume.getPageCount()).toBe(3)
    const pages = new Map([...readDestinations(volume)].map(([name, {page}]) => [name, page]))
    expect(pages).toEqual(
      new Map([
        ['front', 1],
        ['s:one', 2],
        ['s:two', 3]
      ])
    )
  })
})
