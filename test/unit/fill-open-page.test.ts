import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {loadForumTheme} from '../../src/render/theme/load-forum-theme.js'
import {loadProceedings} from '../../src/core/load-proceedings.js'
import {pageContext} from '../../src/render/page-context.js'
import {numberPatch} from '../../src/render/pdf/fill-open-page.js'
import {crossLinkPrefix} from '../../src/pdf-file/merge-pieces.js'
import {splitIntoPieces} from '../../src/render/pdf/pieces.js'
import {fixturesDir} from '../helpers/fixtures.js'

describe('filling page numbers into a measured print page', async () => {
  const {proceedings, root} = await loadProceedings(path.join(fixturesDir, 'basic'))
  const theme = await loadForumTheme(root, undefined)
  const pieces = splitIntoPieces(proceedings!)
  const render = (index: number, pages: Record<string, string> | undefined, pageOffset: number) =>
    theme.render(
      'print',
      pageContext(proceedings!, {
        mode: 'print',
        inFolder: false,
        pages,
        part: {...pieces[index]!, local: new Set(pieces[index]!.anchors), pageOffset, crossLinkPrefix}
      })
    )
  const labels = Object.fromEntries(
    pieces.flatMap((piece) => piece.anchors).map((anchor, index) => [anchor, String(index + 7)])
  )

  it('turns every piece of the default theme into its numbered page', () => {
    for (const index of pieces.keys()) {
      const patch = numberPatch(render(index, undefined, 0), render(index, labels, 12))
      expect(patch, `piece ${index}`).toBeDefined()
      expect(patch!.offsetStyle).toBe('html { counter-reset: page 12; }')
      expect(patch!.labels.every((label) => /^\d+$/.test(label))).toBe(true)
    }
    // The contents lists pages: its patch fills one number per entry.
    expect(numberPatch(render(0, undefined, 0), render(0, labels, 0))!.labels.length).toBeGreaterThan(5)
  })

  it('refuses pages that differ in more than their numbers', () => {
    const measured = render(1, undefined, 0)
    const wanted = render(1, labels, 3)
    expect(numberPatch(measured, wanted.replace('</body>', '<p>More</p></body>'))).toBeUndefined()
    // Another piece, or a number where the measured page had none.
    expect(numberPatch(render(0, undefined, 0), wanted)).toBeUndefined()
    expect(
      numberPatch(measured.replace(/<span data-page-of="[^"]*">0000<\/span>/, ''), wanted)
    ).toBeUndefined()
  })
})
