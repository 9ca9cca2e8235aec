import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {parseDocument} from 'yaml'
import {readSimpleYaml} from '../../src/content/simple-yaml.js'

/** What the full parser makes of the text, as front matter reads it; undefined when it reports a problem. */
function fullParse(source: string): unknown {
  const document = parseDocument(source, {
    uniqueKeys: true,
    prettyErrors: false,
    version: '1.2',
    schema: 'core',
    merge: false,
    logLevel: 'silent'
  })
  if (document.errors.length > 0) return undefined
  return document.toJS({maxAliasCount: 50}) ?? {}
}

/** The simple reader either declines or agrees with the full parser. */
function agrees(source: string) {
  const simple = readSimpleYaml(source)
  if (simple !== undefined) expect(simple).toStrictEqual(fullParse(source))
  return simple
}

describe('simple front matter YAML', () => {
  it('reads the shapes front matter is written in, as the full parser does', () => {
    const accepted = [
      '\ntitle: Market care\nsession: session-01\n',
      '\nspeakers:\n  - name: Mariana Fauré\n    affiliation: development agenda cooperative\n    country: Ukraine\nquestions: [1]\nobjectives: [4, 2]\n',
      '\nspeakers:\n- name: A\n  country: Peru\n- name: B\n',
      "\nspeakers:\n  - Ada Lovelace\n  - \"Grace Hopper\"\n  - 'O''Brien'\n",
      '\nlabels:\n  contents: Table of contents\n  foreword: Preface\n',
      '\n# who speaks\ntitle: T\n\nspeakers: [A, B]\n  # aside\ndraft: false\nreviewed: TRUE\nnothing:\nempty: ~\nalso: null\n',
      '\ndate: 2021-10-05\ncount: 42\nsigned: -3\nplus: +7\nleading: 007\nurl: https://example.org/a#b\nlanguage: C#\nratio: 1:2\n',
      '\ntitle: A [draft] version, {maybe}\nquoted: "a: b # c"\nsingle: \'\'\nlist: []\nwords: [yes, no, on, off, 1_000, 0b1, .foo]\n',
      '\n'
    ]
    for (const source of accepted) expect(agrees(source), source).toBeDefined()
  })

  it('leaves everything else to the full parser', () => {
    const declined = [
      '\ntitle: a # comment\n',
      '\ntitle: "esc\\"aped"\n',
      '\ntitle: |\n  block\n',
      '\ntitle: >\n  folded\n',
      '\ntitle: &a x\nother: *a\n',
      '\ntitle: first\n  continued\n',
      '\ntitle: T\ntitle: U\n',
      '\n\ttitle: T\n',
      '\r\ntitle: T\r\n',
      '\nratio: 1.5\n',
      '\nhex: 0x1F\n',
      '\nbig: 123456789012345678901\n',
      '\nn: .inf\n',
      '\nlist: [1, [2]]\n',
      '\nlist: [a,]\n',
      '\nlist: [a] b\n',
      '\n"quoted key": x\n',
      '\ntrue: x\n',
      '\n<<: x\n',
      '\nspeakers:\n  - name: A\n      deeper: x\n',
      '\nnested:\n  map:\n    deeper: x\n',
      '\nkey: - x\n',
      '\nkey: ?x\n',
      '\ntitle: caf\u00e9 \ud83c\udf75\n',
      '\nbom: \ufeffx\n',
      '\n  indented: x\n',
      '\n- a\n',
      '\nkey:value\n'
    ]
    for (const source of declined) expect(readSimpleYaml(source), source).toBeUndefined()
  })

  it('agrees with the full parser on generated front matter', () => {
    const word = fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,8}$/)
    const tricky = fc.constantFrom(
      'a: b',
      'C#',
      'x #y',
      "it's",
      '"q"',
      '-1',
      '+2',
      '007',
      '1.5',
      '1e3',
      '~',
      'null',
      'True',
      'FALSE',
      'yes',
      '2021-02-30',
      '[x]',
      '{y}',
      '- z',
      ':w',
      'a,b',
      '.5',
      '.inf',
      'http://x.org/?a=b',
      ' padded ',
      ''
    )
    const text = fc.oneof(word, tricky)
    const scalar = fc.oneof(text, fc.integer({min: -1000, max: 1000}).map(String))
    /** A scalar written plain, single-quoted or double-quoted. */
    const written = fc
      .tuple(scalar, fc.constantFrom('plain', 'single', 'double'))
      .map(([value, style]) =>
        style === 'single' ? `'${value.replace(/'/g, "''")}'` : style === 'double' ? `"${value}"` : value
      )
    const flow = fc.array(written, {maxLength: 4}).map((items) => `[${items.join(', ')}]`)
    const key = fc.constantFrom(
      'title',
      'session',
      'speakers',
      'questions',
      'name',
      'country',
      'type',
      'main-question',
      'x_1',
      'null',
      'a b'
    )
    const indent = fc.constantFrom('', '  ', '    ')
    const pair = (margin: string) =>
      fc.tuple(key, fc.oneof(written, flow)).map(([name, value]) => `${margin}${name}: ${value}`)
    const block = fc.oneof(
      fc
        .tuple(indent, fc.array(written, {minLength: 1, maxLength: 3}))
        .map(([margin, items]) => items.map((item) => `${margin}- ${item}`).join('\n')),
      fc
        .tuple(
          indent,
          fc.array(fc.array(pair(''), {minLength: 1, maxLength: 3}), {minLength: 1, maxLength: 3})
        )
        .map(([margin, maps]) =>
          maps
            .map((map) => map.map((line, index) => `${margin}${index === 0 ? '- ' : '  '}${line}`).join('\n'))
            .join('\n')
        ),
      fc.array(pair('  '), {minLength: 1, maxLength: 3}).map((lines) => lines.join('\n'))
    )
    const entry = fc.oneof(
      pair(''),
      fc.tuple(key, block).map(([name, lines]) => `${name}:\n${lines}`),
      fc.constantFrom('', '# note', '  # note')
    )
    let read = 0
    fc.assert(
      fc.property(fc.array(entry, {maxLength: 8}), (entries) => {
        if (agrees(`\n${entries.join('\n')}\n`)) read++
      }),
      {numRuns: 2000}
    )
    // Most generated front matter is in the simple shape: the comparison is not vacuous.
    expect(read).toBeGreaterThan(300)
  })

  it('agrees with the full parser on arbitrary text made of YAML characters', () => {
    const character = fc.constantFrom(
      'a',
      'b',
      'k',
      ':',
      ' ',
      ' ',
      '-',
      '#',
      "'",
      '"',
      '[',
      ']',
      ',',
      '\n',
      '1',
      '~',
      '.',
      '&',
      '*',
      '|',
      '\\'
    )
    let read = 0
    fc.assert(
      fc.property(
        fc.array(character, {maxLength: 60}).map((characters) => characters.join('')),
        (source) => {
          if (agrees(`\n${source}\n`)) read++
        }
      ),
      {numRuns: 5000}
    )
    expect(read).toBeGreaterThan(100)
  })
})
