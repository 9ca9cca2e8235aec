import {cp, readdir, readFile, stat} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, expectTypeOf, it} from 'vitest'
// The package as its users import it: package.json's `exports`, the built lib/index.js.
import * as api from 'forum-proceedings'
import {
  build,
  check,
  ExitCode,
  formats,
  loadProceedings,
  UserError,
  type BuildOptions
} from 'forum-proceedings'
import {copyFixtures, fixturesDir, tempDir} from '../helpers/fixtures.js'

describe('the library API', () => {
  it('exports build, check, loadProceedings, the formats and the error class, and nothing of the internals', () => {
    expect(Object.keys(api).sort()).toEqual([
      'ExitCode',
      'UserError',
      'build',
      'check',
      'formats',
      'loadProceedings'
    ])
    expect(formats).toEqual(['html', 'pdf', 'json'])
    // Checked by the type-check of `npm test`: the options are these, and none takes an internal type.
    expectTypeOf<keyof BuildOptions>().toEqualTypeOf<
      | 'contentDir'
      | 'outDir'
      | 'formats'
      | 'drafts'
      | 'strict'
      | 'chrome'
      | 'templates'
      | 'printTimeoutMs'
      | 'signal'
      | 'onProgress'
      | 'cacheDir'
      | 'jobs'
    >()
  })

  it("builds a forum into dist/ and keeps its cache in the forum's project, not in the current folder", async () => {
    const project = await tempDir()
    const forum = path.join(project, 'content')
    await cp(path.join(fixturesDir, 'minimal'), forum, {recursive: true})
    const stages: string[] = []

    const result = await build({
      contentDir: forum,
      formats: ['html', 'json'],
      onProgress: (event) => {
        if (event.type === 'done') stages.push(event.stage)
      }
    })

    expect(result.written).toBe(true)
    expect(result.outDir).toBe(path.join(project, 'dist'))
    const written = await readdir(result.outDir, {recursive: true})
    expect(written).toEqual(
      expect.arrayContaining(['index.html', 'sessions/plenary.html', 'sessions/s.html', 'proceedings.json'])
    )
    expect(written).not.toContain('proceedings.pdf')
    const manifest = JSON.parse(await readFile(path.join(project, 'dist/proceedings.json'), 'utf8'))
    expect(manifest.sessions.map((session: {id: string}) => session.id)).toEqual(['plenary', 's'])
    expect((await stat(path.join(project, '.proceedings-cache'))).isDirectory()).toBe(true)
    // The search index is made beside the pages: its stage ends before the output is written.
    expect(stages.filter((stage) => stage !== 'search')).toEqual([
      'load',
      'parse',
      'html',
      'pages',
      'json',
      'write'
    ])
    expect(stages.indexOf('search')).toBeGreaterThan(stages.indexOf('parse'))
    expect(stages.indexOf('search')).toBeLessThan(stages.indexOf('json'))
    expect(result.summary).toMatchObject({sessions: 2, contributions: 1, pdf: undefined})
  })

  it('refuses an unknown format with a UserError naming the option and the formats there are, and writes nothing', async () => {
    const forum = await copyFixtures('minimal')
    const options = {contentDir: forum, formats: ['docx']} as unknown as BuildOptions
    const error = await build(options).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(UserError)
    expect(error).toMatchObject({
      exitCode: ExitCode.usage,
      message:
        'Invalid option `formats[0]` of build(): expected one of html, pdf, json, found the text `docx`'
    })
    expect(await readdir(forum)).toEqual(['contributions', 'forum.md', 'sessions'])
  })

  it('names every wrong option at once: unknown ones with the nearest known, missing and mistyped ones with what they take', async () => {
    const options = {format: ['html'], jobs: 0, cacheDir: true} as unknown as BuildOptions
    const error = await build(options).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).message.split('\n').sort()).toEqual([
      'Invalid option `cacheDir` of build(): expected the path of a folder, or false for no cache, found the boolean `true`',
      'Invalid option `jobs` of build(): expected a whole number over 0, found the number `0`',
      'Missing option `contentDir` of build(): expected the path of the forum folder',
      'Unknown option `format` of build(), did you mean `formats`?'
    ])
    expect((error as UserError).hint).toBe(
      'build() takes contentDir, outDir, formats, drafts, strict, chrome, templates, printTimeoutMs, signal, onProgress, cacheDir, jobs.'
    )
  })

  it('checks and loads a forum, and refuses options check() does not take', async () => {
    const forum = await copyFixtures('minimal')
    expect(await check(forum)).toMatchObject({ok: true})
    const loaded = await loadProceedings(forum, {builtAt: new Date('2026-01-02T00:00:00Z')})
    expect(loaded.proceedings?.sessions.map(({session}) => session.id)).toEqual(['plenary', 's'])
    await expect(check(forum, {strict: 'yes'} as never)).rejects.toThrow(
      'Invalid option `strict` of check(): expected true or false, found the text `yes`'
    )
    await expect(check(42 as never)).rejects.toThrow(
      'Invalid option `contentDir` of check(): expected the path of the forum folder, found the number `42`'
    )
  })
})
