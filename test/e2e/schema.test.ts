import {readFile, readdir} from 'node:fs/promises'
import path from 'node:path'
import {execFile} from 'node:child_process'
import {cp, symlink, writeFile} from 'node:fs/promises'
import {Ajv} from 'ajv'
import matter from 'gray-matter'
import {parse} from 'yaml'
import {describe, expect, it} from 'vitest'
import {runCli} from '../helpers/cli.js'
import {repoDir, tempDir} from '../helpers/fixtures.js'

/** Front matter of a file, read as YAML 1.2 the way the tool reads it (dates stay text). */
async function frontMatter(file: string): Promise<unknown> {
  const {matter: yaml} = matter(await readFile(file, 'utf8'), {
    engines: {yaml: (source: string) => parse(source) as object}
  })
  return parse(yaml)
}

describe('proceedings schema', () => {
  it("writes JSON Schemas that accept the example forum's front matter and reject mistakes", async () => {
    const dir = await tempDir()
    const result = await runCli(['schema', '--out', dir])
    expect(result.code).toBe(0)
    const ajv = new Ajv({allErrors: true})
    const load = async (kind: string) =>
      ajv.compile(JSON.parse(await readFile(path.join(dir, `${kind}.schema.json`), 'utf8')))
    const [contribution, session, forum, contributionTranslation, sessionTranslation, forumTranslation] =
      await Promise.all(
        [
          'contribution',
          'session',
          'forum',
          'contribution-translation',
          'session-translation',
          'forum-translation'
        ].map(load)
      )

    const content = path.join(repoDir, 'content')
    /** A translation is named `<name>.<lang>.md` beside its original `<name>.md`. */
    const translated = (files: string[]) =>
      new Set(
        files.filter((file) => {
          const original = /^(.*)\.[a-z]{2}\.md$/.exec(file)?.[1]
          return original !== undefined && files.includes(`${original}.md`)
        })
      )
    const check = async (
      validate: ReturnType<Ajv['compile']>,
      folder: string,
      file: string
    ): Promise<void> => {
      expect(
        validate(await frontMatter(path.join(content, folder, file))),
        `${file}: ${JSON.stringify(validate.errors)}`
      ).toBe(true)
    }
    const top = (await readdir(content)).filter((file) => file.endsWith('.md'))
    const forumTranslations = translated(top)
    expect([...forumTranslations].sort()).toEqual(['forum.es.md', 'forum.fr.md'])
    for (const file of top) await check(forumTranslations.has(file) ? forumTranslation! : forum!, '', file)
    const sessions = await readdir(path.join(content, 'sessions'))
    const sessionTranslations = translated(sessions)
    expect(sessionTranslations.size).toBeGreaterThanOrEqual(1)
    for (const file of sessions)
      await check(sessionTranslations.has(file) ? sessionTranslation! : session!, 'sessions', file)
    const contributions = (await readdir(path.join(content, 'contributions'), {recursive: true})).filter(
      (file) => file.endsWith('.md')
    )
    expect(contributions.length).toBeGreaterThanOrEqual(10)
    const contributionTranslations = translated(contributions)
    expect(contributionTranslations.size).toBeGreaterThanOrEqual(4)
    for (const file of contributions) {
      await check(
        contributionTranslations.has(file) ? contributionTranslation! : contribution!,
        'contributions',
        file
      )
    }
    // A translation takes its original's session and speakers: it may not set them.
    expect(contributionTranslation!({title: 'T', session: 's'})).toBe(false)
    expect(
      contributionTranslation!({title: 'T', translators: [{name: 'A'}], 'machine-translated': 'no'})
    ).toBe(false)

    expect(contribution!({title: 'T', session: 's', speakers: 42})).toBe(false)
    expect(contribution!({title: 'T', session: 's', speakers: [{name: 'A'}], type: 'talk'})).toBe(false)
    expect(contribution!({title: 'T', session: 's', speakers: [{name: 'A'}], question: [1]})).toBe(false)
    expect(contribution!({title: 'T', session: 's', speakers: [{name: 'A'}], date: '5 October'})).toBe(false)
    expect(contribution!({title: 'T', session: 's', speakers: [{name: 'A', orcid: '1825-0097'}]})).toBe(false)
    expect(contribution!({title: 'T', session: 's', speakers: [{name: 'A'}], doi: 'doi.org'})).toBe(false)
    expect(forum!({title: 'T', depositor: {name: 'N'}})).toBe(false)
  })

  it('prints one schema to standard output', async () => {
    const result = await runCli(['schema', 'session'])
    expect(result.code).toBe(0)
    const schema = JSON.parse(result.stdout)
    expect(schema.title).toBe('Front matter of a forum-proceedings concept note')
    expect(schema.required).toEqual(['title'])
    expect((await runCli(['schema', 'poster'])).code).toBe(2)
  })

  it('lets remark-lint-frontmatter-schema check front matter in Markdown, as the README sets it up for editors', async () => {
    const dir = await tempDir()
    await cp(path.join(repoDir, 'content'), path.join(dir, 'content'), {recursive: true})
    await symlink(path.join(repoDir, 'node_modules'), path.join(dir, 'node_modules'))
    expect((await runCli(['schema', '--out', 'schemas'], {cwd: dir})).code).toBe(0)
    await writeFile(
      path.join(dir, '.remarkrc.mjs'),
      [
        "import remarkFrontmatter from 'remark-frontmatter'",
        "import remarkLintFrontmatterSchema from 'remark-lint-frontmatter-schema'",
        '',
        'export default {',
        '  plugins: [',
        '    remarkFrontmatter,',
        '    [remarkLintFrontmatterSchema, {',
        '      schemas: {',
        "        './schemas/contribution.schema.json': ['./content/contributions/**/*.md'],",
        "        './schemas/session.schema.json': ['./content/sessions/*.md'],",
        "        './schemas/forum.schema.json': ['./content/forum.md'],",
        "        './schemas/contribution-translation.schema.json': ['./content/contributions/**/*.[a-z][a-z].md'],",
        "        './schemas/session-translation.schema.json': ['./content/sessions/*.[a-z][a-z].md'],",
        "        './schemas/forum-translation.schema.json': ['./content/forum.[a-z][a-z].md']",
        '      }',
        '    }]',
        '  ]',
        '}',
        ''
      ].join('\n')
    )
    const remark = (): Promise<{code: number; stderr: string}> =>
      new Promise((resolve) => {
        execFile(
          path.join(repoDir, 'node_modules/.bin/remark'),
          ['content', '--frail', '--quiet', '--no-stdout', '--no-color'],
          {cwd: dir},
          (error, _stdout, stderr) => resolve({code: error ? Number(error.code) : 0, stderr})
        )
      })
    expect(await remark()).toEqual({code: 0, stderr: ''})
    await writeFile(
      path.join(dir, 'content/contributions/typo.md'),
      '---\ntitle: T\nsession: s\nspeakers: 42\n---\n'
    )
    const failed = await remark()
    expect(failed.code).toBe(1)
    expect(failed.stderr).toMatch(/4:11-4:13\s+warning\s+Must be array/)
  })
})
