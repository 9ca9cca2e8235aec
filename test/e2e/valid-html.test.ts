import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli} from '../helpers/cli.js'
import {copyFixtures, repoDir, tempDir} from '../helpers/fixtures.js'
import {readHtml, select, selectAll, text} from '../helpers/html.js'
import {invalidMarkup} from '../helpers/validate-html.js'

describe('the pages of the site', () => {
  it('are valid HTML, every page of the example forum with its drafts', async () => {
    const out = path.join(await tempDir(), 'site')
    expect(
      (
        await runCli([
          'build',
          path.join(repoDir, 'content'),
          '--out',
          out,
          '--format',
          'html',
          '--drafts',
          '--no-cache'
        ])
      ).code
    ).toBe(0)
    const {pages, problems} = await invalidMarkup(out)
    // In each of the three editions, six pages of the site and a landing page per contribution, the draft's included.
    expect(pages).toHaveLength(3 * 21)
    expect(problems).toEqual([])
  })

  it('are valid HTML with a main question of two paragraphs or with a list, loose lists of questions and aligned tables', async () => {
    const dir = await copyFixtures('valid-html')
    expect(
      (await runCli(['build', '.', '--out', 'out', '--format', 'html', '--no-cache'], {cwd: dir})).code
    ).toBe(0)
    const {pages, problems} = await invalidMarkup(path.join(dir, 'out'))
    expect(pages).toHaveLength(7)
    expect(problems).toEqual([])

    const session = await readHtml(path.join(dir, 'out/sessions/s.html'))
    // The main question's paragraphs run on in its heading; the whole text, with its emphasis and link, is there.
    const main = select('[id="s:s:main:title"]', session)
    expect(text(select('.group-text', main))).toBe(
      'Why does the main question run over two paragraphs? It says more in a second one.'
    )
    expect(selectAll('p', main!)).toEqual([])
    expect(select('.group-text em', main)).toBeDefined()
    expect(text(select('[id="s:s:q2:title"] .group-text strong', session))).toBe('emphasis')
    // A main question holding a list is named by its text.
    const plenary = await readHtml(path.join(dir, 'out/sessions/plenary.html'))
    expect(text(select('[id="s:plenary:main:title"] .group-text', plenary))).toBe(
      'A question with a list: of one thing; of another.'
    )
    expect(selectAll('[id="s:plenary:main:title"] li', plenary)).toEqual([])
  })

  it('keep the alignment of each table column', async () => {
    const dir = await copyFixtures('valid-html')
    expect(
      (await runCli(['build', '.', '--out', 'out', '--format', 'html', '--no-cache'], {cwd: dir})).code
    ).toBe(0)
    const session = await readHtml(path.join(dir, 'out/sessions/s.html'))
    const table = select('[id="c:table"] table', session)
    const classes = (selector: string) =>
      selectAll(selector, table!).map((cell) => String(cell.properties.className ?? ''))
    expect(classes('tr:first-child > th')).toEqual(['align-left', 'align-center', 'align-right'])
    expect(classes('tbody tr:last-child > td')).toEqual(['align-left', 'align-center', 'align-right'])
    expect(selectAll('[align]', table!)).toEqual([])
  })
})
