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
    const [contribution, session, forum] = await Promise.all(['contribution', 'session', 'forum'].map(load))

    const content = path.join(repoDir, 'content')
    expect(forum!(await frontMatter(path.join(content, 'forum.md'))), JSON.stringify(forum!.errors)).toBe(
      true
    )
    for (const file of await readdir(path.join(content, 'sessions'))) {
      expect(
        session!(await frontMatter(path.join(content, 'sessions', file))),
        `${file}: ${JSON.stringify(session!.errors)}`
      ).toBe(true)
    }
    const contributions = (await readdir(path.join(content, 'contributions'), {recursive: true})).filter(
      (file) => file.endsWith('.md')
    )
    expect(contributions.length).toBeGreaterThanOrEqual(10)
    for (const file of contributions) {
      expect(
        contribution!(await frontMatter(path.join(content, 'contributions', file))),
        `${file}: ${JSON.stringify(contribution!.errors)}`
      ).toBe(true)
    }

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
        "        './schemas/contribution-translation.schema.json': ['./content/contributions/**/*.{en,es,fr}.md'],",
        "        './schemas/session-translation.schema.json': ['./content/sessions/*.{en,es,fr}.md'],",
        "        './schemas/forum-translation.schema.json': ['./content/forum.*.md']",
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
