import {readFile, readdir} from 'node:fs/promises'
import path from 'node:path'
import {Ajv2020} from 'ajv/dist/2020.js'
import matter from 'gray-matter'
import {parse} from 'yaml'
import {describe, expect, it} from 'vitest'
import {runCli} from '../helpers/cli.js'
import {repoDir, tempDir} from '../helpers/fixtures.js'

/** Front matter of a file, read as YAML 1.2 the way the tool reads it (dates stay text). */
async function frontMatter(file: string): Promise<unknown> {
  const {matter: yaml} = matter(await readFile(file, 'utf8'), {engines: {yaml: (source: string) => parse(source) as object}})
  return parse(yaml)
}

describe('proceedings schema', () => {
  it('writes JSON Schemas that accept the example forum\'s front matter and reject mistakes', async () => {
    const dir = await tempDir()
    const result = await runCli(['schema', '--out', dir])
    expect(result.code).toBe(0)
    const ajv = new Ajv2020({allErrors: true})
    const load = async (kind: string) => ajv.compile(JSON.parse(await readFile(path.join(dir, `${kind}.schema.json`), 'utf8')))
    const [contribution, session, forum] = await Promise.all(['contribution', 'session', 'forum'].map(load))

    const content = path.join(repoDir, 'content')
    expect(forum!(await frontMatter(path.join(content, 'forum.md'))), JSON.stringify(forum!.errors)).toBe(true)
    for (const file of await readdir(path.join(content, 'sessions'))) {
      expect(session!(await frontMatter(path.join(content, 'sessions', file))), `${file}: ${JSON.stringify(session!.errors)}`).toBe(true)
    }
    const contributions = (await readdir(path.join(content, 'contributions'), {recursive: true})).filter((file) => file.endsWith('.md'))
    expect(contributions.length).toBeGreaterThanOrEqual(10)
    for (const file of contributions) {
      expect(contribution!(await frontMatter(path.join(content, 'contributions', file))), `${file}: ${JSON.stringify(contribution!.errors)}`).toBe(true)
    }

    expect(contribution!({title: 'T', session: 's', speakers: 42})).toBe(false)
    expect(contribution!({title: 'T', session: 's', speakers: [{name: 'A'}], type: 'talk'})).toBe(false)
    expect(contribution!({title: 'T', session: 's', speakers: [{name: 'A'}], question: [1]})).toBe(false)
    expect(contribution!({title: 'T', session: 's', speakers: [{name: 'A'}], date: '5 October'})).toBe(false)
  })

  it('prints one schema to standard output', async () => {
    const result = await runCli(['schema', 'session'])
    expect(result.code).toBe(0)
    const schema = JSON.parse(result.stdout)
    expect(schema.title).toBe('Front matter of a forum-proceedings concept note')
    expect(schema.required).toEqual(['title'])
    expect((await runCli(['schema', 'poster'])).code).toBe(2)
  })
})
