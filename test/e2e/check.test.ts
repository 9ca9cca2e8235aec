import {rm, stat} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli} from '../helpers/cli.js'
import {copyFixtures} from '../helpers/fixtures.js'

/** Each bad-input class: its fixture under test/fixtures/errors/, the first line `check` prints, and the exit code. */
const cases: [string, string, number][] = [
  [
    'unknown-session',
    'contributions/lost.md:3:10: error Unknown session `plenery`, expected one of: `plenary`, `s` [unknown-session]',
    1
  ],
  [
    'question-out-of-range',
    'contributions/far.md:5:16: error Question 9 out of range, session `s` has 3 guiding questions (1–3) [question-out-of-range]',
    1
  ],
  [
    'main-without-main-question',
    'contributions/main.md:6:5: error Session `plenary` has no main question, found `main` in `questions` [question-out-of-range]',
    1
  ],
  [
    'objective-out-of-range',
    'contributions/objective.md:5:17: error Objective 3 out of range, session `s` has 2 objectives (1–2) [objective-out-of-range]',
    1
  ],
  [
    'duplicate-id',
    'contributions/more/same.md:1:1: error Duplicate contribution id `same`, also used by contributions/same.md [duplicate-contribution-id]',
    1
  ],
  [
    'wrong-type',
    'contributions/typed.md:4:11: error Expected `speakers` to be a list of people, each with a `name`, found the number `42` [invalid-value]',
    1
  ],
  [
    'invalid-orcid',
    'contributions/orcid.md:8:12: error Invalid ORCID iD of speaker `Charles Babbage`: expected the check digit `7` at its end, found `0000-0002-1825-0098` [invalid-orcid]',
    1
  ],
  [
    'invalid-license',
    'forum.md:3:10: error Expected an SPDX license id such as `CC-BY-4.0` in `license`, found the text `CC-BY-4` [invalid-value]',
    1
  ],
  ['missing-key', 'contributions/untitled.md:2:1: error Missing required key `title` [missing-key]', 1],
  [
    'broken-yaml',
    'contributions/broken.md:4:13: error Invalid YAML in front matter: Flow sequence in block collection must be sufficiently indented and end with a ] [yaml-syntax]',
    1
  ],
  [
    'no-front-matter',
    'contributions/bare.md:1:1: error Missing front matter, expected a `---` block with `title`, `session`, `speakers` [missing-front-matter]',
    1
  ],
  [
    'empty-file',
    'contributions/empty.md:1:1: error Empty file, expected front matter and Markdown [empty-file]',
    1
  ],
  [
    'js-front-matter',
    'contributions/evil.md:1:4: error Unsupported front matter language `js`, expected YAML [front-matter-language]',
    1
  ],
  [
    'alias-bomb',
    'contributions/bomb.md:2:1: error Front matter expands too many aliases, expected plain data [yaml-alias-limit]',
    1
  ],
  [
    'invalid-utf8',
    'contributions/latin1.md:4:15: error Invalid UTF-8, expected a text file encoded as UTF-8 [invalid-encoding]',
    1
  ],
  [
    'unknown-key',
    'contributions/typo.md:5:1: warning Unknown key `question`, did you mean `questions`? [unknown-key]',
    0
  ]
]

describe('check reports each bad-input class with file, line, column and rule', () => {
  it.each(cases)('%s', async (name, firstLine, code) => {
    const dir = await copyFixtures('minimal', `errors/${name}`)
    const result = await runCli(['check', '.'], {cwd: dir})
    expect(result.stderr.split('\n')[0]).toBe(firstLine)
    expect(result.stderr).toMatch(/\n\d+ (errors?|warnings?)( in \d+ files)?\n$/)
    expect(result.code).toBe(code)
  })

  it('never evaluates JavaScript front matter', async () => {
    const dir = await copyFixtures('minimal', 'errors/js-front-matter')
    await runCli(['check', '.'], {cwd: dir})
    await runCli(['build', '.', '--format', 'json'], {cwd: dir})
    await expect(stat(path.join(dir, 'pwned'))).rejects.toThrow()
  })

  it('names both files of a duplicate id', async () => {
    const dir = await copyFixtures('minimal', 'errors/duplicate-id')
    const {stderr} = await runCli(['check', '.'], {cwd: dir})
    expect(stderr).toContain(
      'contributions/same.md:1:1: error Duplicate contribution id `same`, also used by contributions/more/same.md'
    )
  })

  it('reports problems of all files at once', async () => {
    const dir = await copyFixtures(
      'minimal',
      'errors/unknown-session',
      'errors/wrong-type',
      'errors/unknown-key'
    )
    const {stderr, code} = await runCli(['check', '.'], {cwd: dir})
    expect(stderr.split('\n').filter((line) => /^contributions\//.test(line))).toHaveLength(3)
    expect(stderr).toMatch(/\n2 errors, 1 warning in 7 files\n$/)
    expect(code).toBe(1)
  })

  it('fails on warnings with --strict', async () => {
    const dir = await copyFixtures('minimal', 'errors/unknown-key')
    expect((await runCli(['check', '.', '--strict'], {cwd: dir})).code).toBe(1)
  })

  it('reports a missing forum.md', async () => {
    const dir = await copyFixtures('minimal')
    await rm(path.join(dir, 'forum.md'))
    const {stderr, code} = await runCli(['check', '.'], {cwd: dir})
    expect(stderr.split('\n')[0]).toBe(
      'forum.md:1:1: error Missing `forum.md`, expected one at the top of the content folder [missing-forum]'
    )
    expect(code).toBe(1)
  })

  it('prints machine-readable diagnostics with --reporter json', async () => {
    const dir = await copyFixtures('minimal', 'errors/unknown-session', 'errors/unknown-key')
    const result = await runCli(['check', '.', '--reporter', 'json'], {cwd: dir})
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('')
    expect(JSON.parse(result.stdout)).toEqual({
      files: 6,
      errors: 1,
      warnings: 1,
      messages: [
        {
          file: 'contributions/lost.md',
          line: 3,
          column: 10,
          severity: 'error',
          rule: 'unknown-session',
          message: 'Unknown session `plenery`, expected one of: `plenary`, `s`',
          hint: 'Did you mean `plenary`?'
        },
        {
          file: 'contributions/typo.md',
          line: 5,
          column: 1,
          severity: 'warning',
          rule: 'unknown-key',
          message: 'Unknown key `question`, did you mean `questions`?',
          hint: 'Known keys: title, session, speakers, objectives, questions, type, language, date, order, id, draft, doi, abstract, keywords.'
        }
      ]
    })
  })

  it('explains an invalid ORCID iD and suggests the nearest license', async () => {
    const orcid = await runCli(['check', '.'], {cwd: await copyFixtures('minimal', 'errors/invalid-orcid')})
    expect(orcid.stderr).toContain(
      '  hint: The last character of an ORCID iD is computed from the other 15 digits (ISO 7064 MOD 11-2)'
    )
    expect(orcid.stderr).not.toContain('Ada Lovelace')
    const license = await runCli(['check', '.'], {
      cwd: await copyFixtures('minimal', 'errors/invalid-license')
    })
    expect(license.stderr).toContain('hint: Did you mean `CC-BY-4.0`?')
  })

  it('passes on valid content', async () => {
    const dir = await copyFixtures('minimal')
    const result = await runCli(['check', dir])
    expect(result).toMatchObject({code: 0, stderr: 'no problems in 4 files\n'})
  })
})
