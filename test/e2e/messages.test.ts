import {mkdir, readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {Ajv} from 'ajv'
import {describe, expect, it} from 'vitest'
import {labelKeys} from '../../src/model/labels.js'
import {runCli} from '../helpers/cli.js'
import {copyFixtures, tempDir} from '../helpers/fixtures.js'

/** Runs `check` on the minimal forum with a fixture of test/fixtures/messages/ laid over it. */
async function checkWith(fixture: string, ...args: string[]) {
  const dir = await copyFixtures('minimal', `messages/${fixture}`)
  return {dir, ...(await runCli(['check', '.', ...args], {cwd: dir}))}
}

/** The problems `check` printed, each line with its hint: `path:line:column: severity message [rule]`. */
function problems(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => /^\S.*:\d+:\d+: (error|warning) /.test(line) || line.startsWith('  hint: '))
}

describe('one mistake, one message', () => {
  it('reports an unquoted colon in a session title once, with the line quoted, and not as an unknown session in its contributions', async () => {
    const result = await checkWith('session-colon')
    expect(result.code).toBe(1)
    expect(problems(result.stderr)).toEqual([
      'sessions/s.md:2:8: error Unquoted `:` in the value of `title`: YAML reads the text before it as another key, expected the value in quotes [yaml-unquoted-colon]',
      '  hint: Put the value in quotes: `title: "SESSION 3: The only session with a main question"   # from the concept note`'
    ])
    expect(result.stderr).toContain('1 error in 6 files')
  })

  it('reports a session date that is not YYYY-MM-DD once, offering both readings of an ambiguous one', async () => {
    const result = await checkWith('session-date')
    expect(result.code).toBe(1)
    expect(problems(result.stderr)).toEqual([
      'sessions/s.md:3:7: error Expected a calendar date written YYYY-MM-DD in `date`, found the text `05/10/2021` [invalid-value]',
      '  hint: Write the date as year-month-day: `date: 2021-10-05` for October 5, 2021, or `date: 2021-05-10` for May 10, 2021.'
    ])
  })

  it('reports a date that does not exist once, saying which part of it does not', async () => {
    const result = await checkWith('missing-date')
    expect(result.code).toBe(1)
    expect(problems(result.stderr)).toEqual([
      'sessions/s.md:3:7: error Expected a date that exists in `date`, found the text `2021-02-30` [invalid-value]',
      '  hint: That day does not exist in that month: February 2021 has 28 days, so there is no day 30. Check the date and write it year-month-day, such as `date: 2021-10-05` for October 5, 2021.',
      'contributions/leap.md:5:7: error Expected a date that exists in `date`, found the text `2021-02-29` [invalid-value]',
      '  hint: That day does not exist in that month: February 2021 has 28 days (2021 is not a leap year), so there is no day 29. Check the date and write it year-month-day, such as `date: 2021-10-05` for October 5, 2021.',
      'contributions/swapped.md:5:7: error Expected a date that exists in `date`, found the text `2021-13-05` [invalid-value]',
      '  hint: There is no month 13: for May 13, 2021, write `date: 2021-05-13` (year-month-day, the month before the day).'
    ])
    expect(result.stderr).toContain('3 errors in 6 files')
  })

  it('converts a date written another way to YYYY-MM-DD when it can be read one way only', async () => {
    const result = await checkWith('dates')
    expect(problems(result.stderr).filter((line) => line.startsWith('  hint: '))).toEqual([
      '  hint: Write `date: 2021-10-05` (year-month-day).',
      '  hint: Write `date: 2021-10-05` (year-month-day).',
      '  hint: Write `date: 2021-12-31` (year-month-day).',
      '  hint: Write `date: 2021-10-05` (year-month-day).',
      '  hint: That day does not exist in that month: February 2021 has 28 days, so there is no day 30. Check the date and write it year-month-day, such as `date: 2021-10-05` for October 5, 2021.'
    ])
    expect(result.stderr).toContain('5 errors in 9 files')
  })

  it('says which closing --- is missing and where it goes, also when a rule in the body was taken for it', async () => {
    const result = await checkWith('unclosed')
    expect(result.code).toBe(1)
    expect(problems(result.stderr)).toEqual([
      'sessions/plenary.md:5:1: error Unclosed front matter: the `---` on line 1 opens it, and no `---` line closes it before the text on line 6; ' +
        'the `---` on line 10 is a rule in the text, not the end of the front matter [front-matter-unclosed]',
      '  hint: Add a line `---` after line 4, the end of the front matter.',
      'contributions/no-close.md:5:1: error Unclosed front matter: the `---` on line 1 opens it, and no `---` line closes it before the text on line 6 [front-matter-unclosed]',
      '  hint: Add a line `---` after line 4, the end of the front matter.'
    ])
  })

  it('suggests `main` for `Main`, the nearest type, and warns of a question or objective listed twice', async () => {
    const result = await checkWith('references')
    expect(problems(result.stderr)).toEqual([
      'contributions/tags.md:5:13: error Expected `questions[0]` to be a question number or `main`, found the text `Main` [invalid-value]',
      '  hint: Did you mean `main`? It is written in lower case.',
      'contributions/tags.md:7:7: error Expected `type` to be one of intervention, keynote, panel, written, chat, synthesis, found the text `keynot` [invalid-value]',
      '  hint: Did you mean `keynote`?',
      'contributions/twice.md:5:22: warning `2` listed twice in `questions` [repeated-reference]',
      '  hint: Remove the second one.',
      'contributions/twice.md:6:17: warning `1` listed twice in `objectives` [repeated-reference]',
      '  hint: Remove the second one.'
    ])
  })
})

describe('languages', () => {
  it('refuses a language written by its name or with `_`, suggesting its code', async () => {
    const result = await checkWith('language-name')
    expect(result.code).toBe(1)
    expect(problems(result.stderr)).toEqual([
      'forum.md:3:11: error Expected a BCP 47 language tag such as `en`, `es` or `fr-CA` in `language`, found the text `Spanish` [invalid-value]',
      '  hint: Write `language: es` (Spanish): a language code, not a name.',
      'contributions/lang-fr.md:5:11: error Expected a BCP 47 language tag such as `en`, `es` or `fr-CA` in `language`, found the text `français` [invalid-value]',
      '  hint: Write `language: fr` (French): a language code, not a name.',
      'contributions/lang-us.md:5:11: error Expected a BCP 47 language tag such as `en`, `es` or `fr-CA` in `language`, found the text `en_US` [invalid-value]',
      '  hint: Write `language: en-US` (American English): a language code, not a name.'
    ])
  })

  it('warns of a country that matches none, suggesting the nearest name, and prints a known one by its name', async () => {
    const dir = await copyFixtures('minimal')
    const file = path.join(dir, 'contributions/fine.md')
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace(
        'speakers: [Valid Speaker]',
        'speakers:\n  - name: Ana\n    country: Frnace\n  - name: Bo\n    country: BOL'
      )
    )
    const result = await runCli(['build', '.', '--format', 'json', '-o', 'out'], {cwd: dir})
    expect(problems(result.stderr)).toEqual([
      "contributions/fine.md:6:14: warning Unknown country `Frnace`, expected an ISO 3166 code or a country's name [unknown-country]",
      '  hint: Did you mean `France`? Printed as written until then.'
    ])
    const manifest = JSON.parse(await readFile(path.join(dir, 'out/proceedings.json'), 'utf8')) as {
      sessions: {contributions: {speakers: {country: string; countryCode: string | null}[]}[]}[]
    }
    const speakers = manifest.sessions.flatMap((session) => session.contributions).flatMap((c) => c.speakers)
    expect(speakers.map(({country, countryCode}) => [country, countryCode])).toEqual([
      ['Frnace', null],
      ['Bolivia', 'BO']
    ])
  })

  it('writes a language tag in its canonical form', async () => {
    const dir = await copyFixtures('minimal')
    await writeFile(
      path.join(dir, 'contributions/gb.md'),
      '---\ntitle: In British English\nsession: s\nspeakers: [Ada Lovelace]\nlanguage: EN-gb\n---\n\nText.\n'
    )
    const result = await runCli(['build', '.', '--format', 'json', '-o', 'out'], {cwd: dir})
    expect(result.code).toBe(0)
    const manifest = JSON.parse(await readFile(path.join(dir, 'out/proceedings.json'), 'utf8'))
    const s = manifest.sessions.find((session: {id: string}) => session.id === 's')
    expect(s.contributions.find((item: {id: string}) => item.id === 'gb').language).toBe('en-GB')
  })

  it('warns of a forum language without built-in labels, naming those still in English and how to give them', async () => {
    const result = await checkWith('no-labels')
    expect(result.code).toBe(0)
    const [message, hint] = problems(result.stderr)
    expect(message).toBe(
      `forum.md:3:11: warning No built-in labels for \`de\` (German): ${labelKeys.length - 2} of the printed labels will be in English [labels-fallback]`
    )
    expect(hint).toMatch(
      /^ {2}hint: Give them in your language under `labels:` in forum\.md.*Still in English: foreword, organizers, .*types\.synthesis\.$/
    )
    expect(hint!.split('Still in English: ')[1]).not.toMatch(/\bcontents\b|\bspeakers\b/)
    expect((await checkWith('no-labels', '--strict')).code).toBe(1)
  })
})

describe('files and placeholders', () => {
  it('reads .markdown files like .md ones, in sessions and contributions', async () => {
    const dir = await copyFixtures('minimal', 'messages/markdown-ext')
    const result = await runCli(['build', '.', '--format', 'json', '-o', 'out'], {cwd: dir})
    expect(result.code).toBe(0)
    const manifest = JSON.parse(await readFile(path.join(dir, 'out/proceedings.json'), 'utf8'))
    expect(manifest.sessions.map((session: {id: string}) => session.id)).toContain('extra')
    const s = manifest.sessions.find((session: {id: string}) => session.id === 's')
    expect(s.questions[1].contributions).toEqual(['long-name'])
    expect(s.contributions.find((item: {id: string}) => item.id === 'long-name').source).toBe(
      'contributions/more/long-name.markdown'
    )
  })

  it('warns of each placeholder left in a file, naming its line, and --strict refuses them', async () => {
    const result = await checkWith('placeholders')
    expect(result.code).toBe(0)
    expect(problems(result.stderr)).toEqual([
      'contributions/draft-text.md:2:9: warning Placeholder `TODO: contribution title` left in the text, expected the real text [placeholder]',
      '  hint: Replace it before publishing: `--strict` makes placeholders errors.',
      'contributions/draft-text.md:11:1: warning Placeholder `TODO: the speaker sends the rest.` left in the text, expected the real text [placeholder]',
      '  hint: Replace it before publishing: `--strict` makes placeholders errors.'
    ])
    const strict = await checkWith('placeholders', '--strict')
    expect(strict.code).toBe(1)
    const build = await runCli(['build', '.', '--strict', '--format', 'json', '-o', 'out'], {cwd: strict.dir})
    expect(build.code).toBe(1)
    expect(build.stderr).toContain('contributions/draft-text.md:11:1: warning Placeholder')
  })

  it('names a missing file plainly, without a system error code', async () => {
    const result = await runCli(['import', 'missing-note.txt'], {cwd: await tempDir()})
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'proceedings: Cannot read missing-note.txt: no such file or folder\n  hint: Check the path of the concept note, a .txt or .md file.\n'
    )
  })

  it('shows paths relative to the current folder, or absolute where climbing out would be longer', async () => {
    const forum = await copyFixtures('minimal', 'messages/session-date')
    const deep = path.join(await tempDir(), 'a', 'b', 'c', 'd')
    await mkdir(deep, {recursive: true})
    const far = await runCli(['check', forum], {cwd: deep})
    expect(problems(far.stderr)[0]).toMatch(
      new RegExp(`^${forum.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/sessions/s\\.md:3:7: error `)
    )
    const near = await runCli(['check', path.basename(forum)], {cwd: path.dirname(forum)})
    expect(problems(near.stderr)[0]).toMatch(
      new RegExp(`^${path.basename(forum)}/sessions/s\\.md:3:7: error `)
    )
  })
})

describe('CI and editor conventions', () => {
  it('prints GitHub Actions annotations with --reporter github, escaped as GitHub asks', async () => {
    const dir = await copyFixtures('minimal', 'messages/references')
    await writeFile(
      path.join(dir, 'contributions/odd, name: 100%.md'),
      '---\ntitle: Odd\nsession: s\nspeakers: [Ada Lovelace]\nquestions: [9]\n---\n\nText.\n'
    )
    const result = await runCli(['check', '.', '--reporter', 'github'], {cwd: dir})
    expect(result.code).toBe(1)
    const lines = result.stdout.trim().split('\n')
    expect(lines).toContain(
      '::error file=contributions/tags.md,line=5,col=13,title=invalid-value::' +
        'Expected `questions[0]` to be a question number or `main`, found the text `Main`%0Ahint: Did you mean `main`? It is written in lower case.'
    )
    expect(lines).toContain(
      '::warning file=contributions/twice.md,line=5,col=22,title=repeated-reference::`2` listed twice in `questions`%0Ahint: Remove the second one.'
    )
    expect(lines.find((line) => line.includes('odd'))).toMatch(
      /^::error file=contributions\/odd%2C name%3A 100%25\.md,line=5,col=/
    )
    expect(lines.every((line) => /^::(error|warning|notice) /.test(line))).toBe(true)
    expect(result.stderr).toBe('3 errors, 2 warnings in 7 files\n')

    // Run from a folder inside the repository, files are still named from its root, where GitHub places them.
    const inside = await runCli(['check', '--reporter', 'github'], {
      cwd: path.join(dir, 'contributions'),
      env: {GITHUB_WORKSPACE: dir}
    })
    expect(inside.stdout.trim().split('\n')).toEqual(lines)
  })

  it('prints the version with -V and -v, and a mistyped option with its suggestion but not the whole help', async () => {
    const version = await runCli(['--version'])
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/)
    expect(await runCli(['-V'])).toMatchObject({code: 0, stdout: version.stdout})
    expect(await runCli(['-v'])).toMatchObject({code: 0, stdout: version.stdout})
    const typo = await runCli(['build', '--hlep'])
    expect(typo).toMatchObject({code: 2, stdout: ''})
    expect(typo.stderr).toBe("error: unknown option '--hlep'\n(Did you mean --help?)\n")
  })

  it("shows each default once in every command's help", async () => {
    for (const command of ['build', 'check', 'serve', 'init', 'new', 'import', 'schema', 'setup']) {
      const help = (await runCli([command, '--help'])).stdout.replace(/\s+/g, ' ')
      // Each option's text up to the next option: at most one "(default: …)", and no default said in the description.
      for (const entry of help.split(/ (?=-{1,2}[a-z])/))
        expect(entry.match(/\(default\b/g)?.length ?? 0, `${command}: ${entry}`).toBeLessThanOrEqual(1)
    }
  })
})

describe('JSON Schemas', () => {
  it('give every property of every schema a description and examples it accepts, for help on hover', async () => {
    const ajv = new Ajv({allErrors: true})
    const checked: string[] = []
    for (const kind of ['contribution', 'session', 'forum']) {
      const schema = JSON.parse((await runCli(['schema', kind])).stdout)
      const visit = (node: unknown, where: string) => {
        if (!node || typeof node !== 'object') return
        const record = node as Record<string, unknown>
        if (record.properties && typeof record.properties === 'object') {
          for (const [key, property] of Object.entries(
            record.properties as Record<string, Record<string, unknown>>
          )) {
            const name = `${kind}: ${where}${key}`
            checked.push(name)
            expect(property.description, name).toMatch(/\S/)
            expect(property.examples, `${name} has no examples`).toEqual(expect.any(Array))
            const examples = property.examples as unknown[]
            expect(examples.length, `${name} has no examples`).toBeGreaterThan(0)
            const validate = ajv.compile(property)
            for (const example of examples) {
              expect(validate(example), `${name}: ${JSON.stringify(example)}`).toBe(true)
            }
          }
        }
        for (const [key, value] of Object.entries(record)) visit(value, `${where}${key}.`)
      }
      visit(schema, '')
    }
    expect(checked).toEqual(expect.arrayContaining(['contribution: properties.speakers.items.name']))
  })
})
