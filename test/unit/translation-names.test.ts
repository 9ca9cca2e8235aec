import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {loadContent, translationName} from '../../src/content/load-content.js'
import {VFile} from '../../src/content/content-file.js'
import {versionOf} from '../../src/model/translation-version.js'
import {copyFixtures} from '../helpers/fixtures.js'

describe('translations by their file names', () => {
  it('reads `<name>.<lang>.md` as a translation only with a known language', () => {
    expect(translationName('contributions/a/talk.es.md')).toEqual({
      original: 'contributions/a/talk.md',
      language: 'es'
    })
    expect(translationName('sessions/plenary.pt-BR.markdown')).toEqual({
      original: 'sessions/plenary.markdown',
      language: 'pt-BR'
    })
    expect(translationName('forum.FR.md')).toEqual({original: 'forum.md', language: 'fr'})
    for (const name of ['notes.old.md', 'report.v2.md', 'talk.md', 'contributions/.es.md', 'talk.final.md'])
      expect(translationName(name), name).toBeUndefined()
  })

  it('marks a translation beside its original, and leaves a file named so without one a contribution of its own', async () => {
    const dir = await copyFixtures('minimal')
    await writeFile(path.join(dir, 'contributions/fine.es.md'), '---\ntitle: Bien\n---\nBien.\n')
    await writeFile(path.join(dir, 'contributions/alone.fr.md'), '---\ntitle: Seul\n---\nSeul.\n')
    await writeFile(path.join(dir, 'forum.es.md'), '---\ntitle: Foro\n---\n')
    await writeFile(path.join(dir, 'forum.notes.md'), '---\ntitle: Not a translation\n---\n')
    const loaded = await loadContent(dir)
    const marks = Object.fromEntries(
      loaded.contributions.map((file) => [file.data.source, file.data.translation])
    )
    expect(marks).toEqual({
      'contributions/alone.fr.md': undefined,
      'contributions/fine.es.md': {of: 'contributions/fine.md', language: 'es'},
      'contributions/fine.md': undefined
    })
    expect(loaded.forumTranslations.map((file) => [file.data.source, file.data.translation])).toEqual([
      ['forum.es.md', {of: 'forum.md', language: 'es'}]
    ])
  })
})

describe('the version a translation records', () => {
  const file = (body: string) => {
    const made = new VFile({path: 'a.md', value: ''})
    made.data.body = body
    return made
  }

  it('changes with the title, the abstract and the text, not with line endings or trailing spaces', () => {
    const version = versionOf(file('One.\n\nTwo.\n'), 'Title', 'Abstract')
    expect(version).toMatch(/^[0-9a-f]{12}$/)
    expect(versionOf(file('One.  \r\n\r\nTwo.'), 'Title', 'Abstract')).toBe(version)
    expect(versionOf(file('One.\n\nTwo!\n'), 'Title', 'Abstract')).not.toBe(version)
    expect(versionOf(file('One.\n\nTwo.\n'), 'Title.', 'Abstract')).not.toBe(version)
    expect(versionOf(file('One.\n\nTwo.\n'), 'Title')).not.toBe(version)
  })
})
