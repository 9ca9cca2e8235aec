import {cp, mkdir, mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {loadProceedings} from '../../src/core/load-proceedings.js'
import {pageContext} from '../../src/render/page-context.js'
import {loadTheme, pageTemplates} from '../../src/render/theme/load-theme.js'
import {defaultThemeDir} from '../../src/util/package-files.js'
import {fixturesDir} from '../helpers/fixtures.js'

// `npm run build` compiles the default theme's templates ahead (lib/default-theme.json); `npm test` builds first.
describe('the default theme compiled ahead', async () => {
  const {proceedings} = await loadProceedings(path.join(fixturesDir, 'basic'))
  const session = proceedings!.sessions[0]!
  const renderAll = (theme: Awaited<ReturnType<typeof loadTheme>>) =>
    pageTemplates.map((template) =>
      theme.render(
        template,
        pageContext(
          proceedings!,
          {
            mode: template === 'print' ? 'print' : 'site',
            inFolder: template === 'session' || template === 'contribution-page',
            folder: template === 'contribution-page' ? 'contributions' : undefined
          },
          {current: session, contribution: session.contributions[0]}
        )
      )
    )

  it('is taken for every template, and renders exactly as templates compiled at load', async () => {
    const ahead = await loadTheme()
    const atLoad = await loadTheme([], {compiledAhead: false})
    expect(ahead.compiledAhead).toBe(await defaultTemplateCount())
    expect(atLoad.compiledAhead).toBe(0)
    expect(renderAll(ahead)).toEqual(renderAll(atLoad))
  })

  it('is not taken for a template whose text differs from the one compiled', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'proceedings-theme-'))
    await mkdir(path.join(dir, 'partials'))
    const layout = await readFile(path.join(defaultThemeDir, 'partials/layout.hbs'), 'utf8')
    await writeFile(path.join(dir, 'partials/layout.hbs'), layout.replace('<body', '<body data-edited'))
    const theme = await loadTheme([dir])
    expect(theme.compiledAhead).toBe((await defaultTemplateCount()) - 1)
    expect(renderAll(theme)[0]).toContain('<body data-edited')
    await cp(path.join(defaultThemeDir, 'partials/layout.hbs'), path.join(dir, 'partials/layout.hbs'))
    expect((await loadTheme([dir])).compiledAhead).toBe(await defaultTemplateCount())
  })
})

async function defaultTemplateCount() {
  return (await readdir(defaultThemeDir, {recursive: true})).filter((file) => file.endsWith('.hbs')).length
}
