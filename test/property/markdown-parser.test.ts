import {readdir, readFile} from 'node:fs/promises'
import path from 'node:path'
import fc from 'fast-check'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {describe, expect, it} from 'vitest'
import {parseGfm} from '../../src/model/markdown-parser.js'
import {fixturesDir, repoDir} from '../helpers/fixtures.js'

/** The reference: remark with every GitHub extension on. */
const reference = unified().use(remarkParse).use(remarkGfm).freeze()

/** Pieces of text that start, end or break GitHub's constructs, and plain words. */
const piece = fc.constantFrom(
  'word',
  'Solidarity',
  ' ',
  '  ',
  '\n',
  '\n\n',
  '\t',
  '|',
  ' | ',
  '|---|',
  ':-:',
  '-',
  '---',
  '--',
  ':',
  '~',
  '~~',
  '*',
  '_',
  '[',
  ']',
  '[^',
  '[^1]',
  '[^1]: ',
  '[ ]',
  '[x]',
  '[X]',
  '- ',
  '* ',
  '1. ',
  '> ',
  '#',
  '`',
  '```',
  '    ',
  'www.',
  'WWW.',
  'http://',
  'HTTPS://',
  'mailto:',
  'xmpp:',
  '@',
  'a@b.co',
  'example.org',
  '.',
  ',',
  '(',
  ')',
  '<',
  '>',
  '\\',
  '!',
  'é',
  '日本'
)
const markdown = fc.array(piece, {maxLength: 60}).map((pieces) => pieces.join(''))

async function markdownFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir, {recursive: true})
  return names.filter((name) => name.endsWith('.md')).map((name) => path.join(dir, name))
}

describe('parseGfm', () => {
  it('parses every text exactly as remark-gfm does (property, seed 7)', () => {
    fc.assert(
      fc.property(markdown, (text) => {
        expect(parseGfm(text)).toEqual(reference.parse(text))
      }),
      {seed: 7, numRuns: 3000}
    )
  })

  it('parses the example forum, the fixtures and the README exactly as remark-gfm does', async () => {
    const files = [
      ...(await markdownFiles(path.join(repoDir, 'content'))),
      ...(await markdownFiles(fixturesDir)),
      path.join(repoDir, 'README.md')
    ]
    expect(files.length).toBeGreaterThan(30)
    for (const file of files) {
      const text = await readFile(file, 'utf8')
      expect(parseGfm(text), file).toEqual(reference.parse(text))
    }
  })

  it('still finds each construct when its characters are there', () => {
    const tree = parseGfm(
      '| a | b |\n| - | - |\n| 1 | 2 |\n\n~~gone~~ see www.example.org, and a note[^1]\n\n- [x] done\n\n[^1]: A note.\n'
    )
    const types = new Set<string>()
    const walk = (node: {type: string; children?: unknown[]}) => {
      types.add(node.type)
      for (const child of node.children ?? []) walk(child as {type: string})
    }
    walk(tree)
    expect([...types]).toEqual(
      expect.arrayContaining(['table', 'delete', 'link', 'footnoteReference', 'footnoteDefinition'])
    )
    expect(JSON.stringify(tree)).toContain('"checked":true')
  })
})
