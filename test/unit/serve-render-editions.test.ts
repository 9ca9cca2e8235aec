import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {loadProceedings} from '../../src/core/load-proceedings.js'
import {CitationStore} from '../../src/render/cite/citation-store.js'
import {citations, renderCitationFiles} from '../../src/render/cite/render-citations.js'
import {renderLandingPages} from '../../src/render/html/render-landing-pages.js'
import {renderSite, type SiteMemo} from '../../src/render/html/render-site.js'
import {renderManifest} from '../../src/render/json/render-manifest.js'
import {loadTheme} from '../../src/render/theme/load-theme.js'
import {renderEditions} from '../../src/serve/render-editions.js'
import {fileContents} from '../../src/util/output-file.js'
import {fixturesDir} from '../helpers/fixtures.js'

// `serve` makes the contribution pages, the citation files and the manifest when they are asked for.
describe("serve's files made when asked for", async () => {
  const {editions} = await loadProceedings(path.join(fixturesDir, 'editions'))
  const theme = await loadTheme()

  /** Every file of every edition as serve made them all at every rebuild, with nothing kept. */
  const allAtOnce = async () => {
    const store = await CitationStore.open(undefined, '')
    const files = []
    for (const edition of editions) {
      const cited = await citations(edition, store)
      const pages = [
        ...renderSite(edition, theme),
        ...(await renderLandingPages(edition, theme, {citations: cited, pdf: false})),
        ...renderCitationFiles(cited)
      ]
      files.push(...pages.map((file) => ({...file, path: edition.edition.folder + file.path})))
    }
    files.push(renderManifest(editions[0]!))
    return files
  }

  it('are the same files, with the same bytes, in every edition', async () => {
    const expected = await allAtOnce()
    const served = renderEditions(
      editions,
      theme,
      new Map<string, SiteMemo>(),
      await CitationStore.open(undefined, '')
    )
    expect(served.map((file) => file.path).sort()).toEqual(expected.map((file) => file.path).sort())
    expect(served.some((file) => file.path === 'es/contributions/housing.html' && 'make' in file)).toBe(true)
    const byPath = new Map(served.map((file) => [file.path, file]))
    for (const file of expected) {
      const made = byPath.get(file.path)!
      const bytes = 'make' in made ? await made.make() : await fileContents(made)
      expect(String(bytes), file.path).toBe(String(await fileContents(file)))
    }
  })

  it('are made once per rebuild', async () => {
    const served = renderEditions(
      editions,
      theme,
      new Map<string, SiteMemo>(),
      await CitationStore.open(undefined, '')
    )
    for (const file of served) if ('make' in file) expect(file.make(), file.path).toBe(file.make())
  })
})
