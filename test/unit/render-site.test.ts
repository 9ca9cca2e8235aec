import {mkdtemp, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {loadProceedings} from '../../src/core/load-proceedings.js'
import {ParseCache} from '../../src/core/parse-cache.js'
import type {Contribution, Proceedings} from '../../src/model/types.js'
import {renderSite, SiteMemo} from '../../src/render/html/render-site.js'
import {loadTheme} from '../../src/render/theme/load-theme.js'
import {fixturesDir} from '../helpers/fixtures.js'

// `serve` keeps session pages between builds: a page is rendered again when what it shows changed.
describe('session pages kept between builds', async () => {
  const {proceedings} = await loadProceedings(path.join(fixturesDir, 'basic'))
  /** An edit in the last session: every object the first session's page is made of stays the same. */
  const editLastSession = (before: Proceedings): Proceedings => ({
    ...before,
    sessions: before.sessions.map((session, index) =>
      index < before.sessions.length - 1
        ? session
        : {
            ...session,
            contributions: session.contributions.map((contribution) => ({
              ...contribution,
              title: `${contribution.title} (edited)`
            }))
          }
    )
  })
  const firstPage = (site: ReturnType<typeof renderSite>) => {
    const file = site.find(
      (output) => output.path === `sessions/${proceedings!.sessions[0]!.session.id}.html`
    )
    return file && 'contents' in file ? String(file.contents) : ''
  }

  it("are taken again with the default templates, which show no other session's contributions", async () => {
    const theme = await loadTheme()
    const memo = new SiteMemo()
    const before = firstPage(renderSite(proceedings!, theme, memo))
    const after = firstPage(renderSite(editLastSession(proceedings!), theme, memo))
    expect(after).toBe(before)
    expect(after).toBe(firstPage(renderSite(editLastSession(proceedings!), theme)))
  })

  it("are rendered again with a template of the forum's own, which may show anything", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'proceedings-theme-'))
    await writeFile(
      path.join(dir, 'session.hbs'),
      '<ul>{{#each sessions}}{{#each contributions}}<li>{{title}}</li>{{/each}}{{/each}}</ul>\n'
    )
    const theme = await loadTheme([dir])
    expect(theme.defaultTemplates).toBe(false)
    const memo = new SiteMemo()
    renderSite(proceedings!, theme, memo)
    expect(firstPage(renderSite(editLastSession(proceedings!), theme, memo))).toContain('(edited)')
  })
})

// `serve` keeps the overview pages too: they show every contribution but its text.
describe('overview pages kept between builds', async () => {
  const {proceedings} = await loadProceedings(path.join(fixturesDir, 'basic'))
  const theme = await loadTheme()
  /** Every contribution changed by `change`, wherever the proceedings hold it. */
  const edit = (before: Proceedings, change: (contribution: Contribution) => Contribution): Proceedings => {
    const changed = new Map<Contribution, Contribution>()
    const of = (contribution: Contribution) =>
      changed.get(contribution) ?? changed.set(contribution, change(contribution)).get(contribution)!
    return {
      ...before,
      sessions: before.sessions.map((session) => ({
        ...session,
        contributions: session.contributions.map(of),
        groups: session.groups.map((group) => ({
          ...group,
          entries: group.entries.map((entry) => ({...entry, contribution: of(entry.contribution)}))
        }))
      }))
    }
  }
  const page = (site: ReturnType<typeof renderSite>, name: string) => {
    const file = site.find((output) => output.path === name)
    return file && 'contents' in file ? String(file.contents) : ''
  }

  it('are taken again after an edit of a text alone, and rendered again after a title edit', () => {
    const memo = new SiteMemo()
    const first = renderSite(proceedings!, theme, memo)
    const textEdited = renderSite(
      edit(proceedings!, (contribution) => ({
        ...contribution,
        body: {...contribution.body, atRoot: `${contribution.body.atRoot}<p>More.</p>`}
      })),
      theme,
      memo
    )
    for (const name of ['index.html', 'contents.html', 'search.html', 'speakers.html'])
      expect(page(textEdited, name), name).toBe(page(first, name))
    // The four overview pages taken again; the session pages, whose contributions changed, rendered.
    expect(memo.hits).toBe(4)
    const retitled = edit(proceedings!, (contribution) => ({
      ...contribution,
      title: `${contribution.title} (edited)`
    }))
    const titleEdited = renderSite(retitled, theme, memo)
    expect(page(titleEdited, 'contents.html')).toContain('(edited)')
    for (const name of ['index.html', 'contents.html', 'search.html', 'speakers.html'])
      expect(page(titleEdited, name), name).toBe(page(renderSite(retitled, theme), name))
    expect(memo.hits).toBe(4)
  })
})

// `serve` loads the forum again at every change: the objects of unchanged files are kept, the editions are made anew.
describe('pages kept between loads of an unchanged forum', async () => {
  const cache = new ParseCache()
  const dir = path.join(fixturesDir, 'editions')
  const first = await loadProceedings(dir, {cache})
  const second = await loadProceedings(dir, {cache})
  const theme = await loadTheme()

  it('are all taken again, in every edition', () => {
    expect(first.editions.length).toBeGreaterThan(1)
    for (const [index, edition] of first.editions.entries()) {
      const memo = new SiteMemo()
      renderSite(edition, theme, memo)
      renderSite(second.editions[index]!, theme, memo)
      expect(memo.hits, edition.edition.language).toBe(4 + edition.sessions.length)
    }
  })
})
