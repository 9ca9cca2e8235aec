import {exec} from 'node:child_process'
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import type {z} from 'zod'
import {contributionSchema, forumSchema, sessionSchema} from '../../src/content/schema.js'
import {binPath, runCli, type CliResult} from '../helpers/cli.js'
import {copyFixtures, repoDir, tempDir} from '../helpers/fixtures.js'
import {readHtml, select, text} from '../helpers/html.js'
import {pdfPages} from '../helpers/pdf.js'

/** A line `check` or `build` prints for a problem: `path:line:column: severity message [rule]`. */
const diagnosticLine = /^\S.*:\d+:\d+: (error|warning|info) /m

/** A temporary folder holding a forum started by `proceedings init forum`. */
async function initedForum(): Promise<string> {
  const parent = await tempDir()
  const result = await runCli(['init', 'forum'], {cwd: parent})
  expect(result).toMatchObject({code: 0, stderr: ''})
  await fillPlaceholders(path.join(parent, 'forum'))
  return parent
}

/** Writes real text where `init` left placeholders, as an editor does before publishing. */
async function fillPlaceholders(dir: string) {
  for (const [source, placeholder, text] of <[string, string, string][]>[
    ['forum.md', 'TODO: forum title', 'Forum on Cooperatives'],
    ['forum.md', 'TODO: organizer', 'First Network'],
    ['contributions/first-session/welcome.md', 'TODO: speaker name', 'Ada Lovelace']
  ]) {
    const file = path.join(dir, source)
    await writeFile(file, (await readFile(file, 'utf8')).replace(placeholder, text))
  }
}

/** The placeholder warnings `check` prints for a forum just started by `init`. */
const initPlaceholders = [
  'forum/forum.md:2:9: warning Placeholder `TODO: forum title` left in the text, expected the real text [placeholder]',
  'forum/forum.md:7:6: warning Placeholder `TODO: organizer` left in the text, expected the real text [placeholder]',
  'forum/contributions/first-session/welcome.md:5:12: warning Placeholder `TODO: speaker name` left in the text, expected the real text [placeholder]'
]

/** Runs a workflow step's command with bash, as GitHub Actions does. */
function runShell(command: string, cwd: string): Promise<CliResult> {
  return new Promise((resolve) => {
    exec(command, {cwd, shell: 'bash', env: {...process.env, NO_COLOR: '1'}}, (error, stdout, stderr) => {
      resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr})
    })
  })
}

function expectClean(result: CliResult) {
  expect(result.code).toBe(0)
  expect(result.stderr).not.toMatch(diagnosticLine)
}

/** Every key of the schema appears as a line `key:` or `# key:`, so that editors see them all. */
function expectEveryKey(markdown: string, schema: z.ZodObject) {
  const matter = markdown.split(/^---$/m)[1]!
  for (const key of Object.keys(schema.shape)) expect(matter).toMatch(new RegExp(`^(# )?${key}:`, 'm'))
}

describe('proceedings init', () => {
  it('starts a forum that builds, warning of each placeholder left to fill in, which --strict refuses', async () => {
    const parent = await tempDir()
    const init = await runCli(['init', 'forum'], {cwd: parent})
    expect(init).toMatchObject({code: 0, stderr: ''})
    const {version} = JSON.parse(await readFile(path.join(repoDir, 'package.json'), 'utf8'))
    expect(init.stdout.split('\n').slice(0, 8)).toEqual([
      'Started a forum in forum/:',
      '  forum.md',
      '  sessions/first-session.md',
      '  contributions/first-session/welcome.md',
      '  .gitignore',
      '  package.json',
      `  vendor/forum-proceedings-${version}.tgz`,
      '  .github/workflows/proceedings.yml'
    ])
    // The next steps need no folder: the commands find the forum from inside it.
    expect(init.stdout).toContain('\n  cd forum\n')
    expect(init.stdout).toContain('\n  proceedings build    (then open dist/index.html)\n')

    const check = await runCli(['check', 'forum'], {cwd: parent})
    expect(check.code).toBe(0)
    expect(check.stderr.split('\n').filter((line) => diagnosticLine.test(line))).toEqual(initPlaceholders)
    expect(check.stderr).toContain('3 warnings in 3 files')
    const strict = await runCli(['check', 'forum', '--strict'], {cwd: parent})
    expect(strict.code).toBe(1)
    expect(strict.stderr.split('\n').filter((line) => diagnosticLine.test(line))).toEqual(initPlaceholders)

    const build = await runCli(['build', 'forum', '--format', 'html,json'], {cwd: parent})
    expect(build.code).toBe(0)
    expect(build.stderr.split('\n').filter((line) => diagnosticLine.test(line))).toEqual(initPlaceholders)
    await fillPlaceholders(path.join(parent, 'forum'))
    expectClean(await runCli(['check', 'forum', '--strict'], {cwd: parent}))
    expectClean(await runCli(['build', 'forum', '--format', 'html,json'], {cwd: parent}))
    const manifest = JSON.parse(await readFile(path.join(parent, 'forum/dist/proceedings.json'), 'utf8'))
    expect(manifest.forum).toMatchObject({title: 'Forum on Cooperatives', date: null, language: 'en'})
    const [session] = manifest.sessions
    expect(manifest.sessions).toHaveLength(1)
    expect(session.id).toBe('first-session')
    expect(session.objectives).toHaveLength(2)
    expect(session.mainQuestion).not.toBeNull()
    expect(session.questions.map((question: {round: number}) => question.round)).toEqual([1, 1, 2])
    expect(session.questions[0].contributions).toEqual(['welcome'])
    const page = await readHtml(path.join(parent, 'forum/dist/sessions/first-session.html'))
    expect(text(select('h1', page))).toContain('First session')

    for (const [source, schema] of [
      ['forum.md', forumSchema],
      ['sessions/first-session.md', sessionSchema],
      ['contributions/first-session/welcome.md', contributionSchema]
    ] as const) {
      expectEveryKey(await readFile(path.join(parent, 'forum', source), 'utf8'), schema)
    }
  })

  it('writes a workflow whose commands run, the PDF included, and a package.json and .gitignore', async () => {
    const parent = await initedForum()
    const dir = path.join(parent, 'forum')
    const workflow = parse(await readFile(path.join(dir, '.github/workflows/proceedings.yml'), 'utf8'))
    expect(workflow.on).toEqual({push: {branches: ['main']}, pull_request: null})
    const steps: {uses?: string; run?: string; with?: Record<string, unknown>}[] = workflow.jobs.build.steps
    expect(steps.find((step) => step.uses?.startsWith('actions/setup-node@'))?.with).toEqual({
      'node-version': 20,
      cache: 'npm'
    })
    expect(steps.map((step) => step.uses ?? step.run)).toEqual([
      'actions/checkout@v4',
      'actions/setup-node@v4',
      'npm ci',
      'npx proceedings setup',
      'actions/cache@v4',
      'npx proceedings check . --reporter github',
      'npx proceedings build .',
      'actions/upload-pages-artifact@v3'
    ])
    expect(steps.find((step) => step.uses?.startsWith('actions/upload-pages-artifact@'))?.with).toEqual({
      path: 'dist/'
    })
    expect(workflow.jobs.deploy).toMatchObject({
      if: "github.event_name == 'push' && github.ref == 'refs/heads/main'",
      needs: 'build',
      permissions: {pages: 'write', 'id-token': 'write'}
    })
    expect(workflow.jobs.deploy.steps[0].uses).toMatch(/^actions\/deploy-pages@/)

    // Each `npx proceedings …` step, run by a shell as CI would in the forum's repository: setup, check, build (with the PDF).
    const commands = steps.flatMap((step) => (step.run?.startsWith('npx proceedings ') ? [step.run] : []))
    expect(commands.map((command) => command.split(' ')[2])).toEqual(['setup', 'check', 'build'])
    for (const command of commands)
      expectClean(
        await runShell(command.replaceAll('npx proceedings', `"${process.execPath}" "${binPath}"`), dir)
      )
    const pages = await pdfPages(path.join(dir, 'dist/proceedings.pdf'))
    expect(pages[0]).toContain('Forum on Cooperatives')
    expect(pages.join(' ')).toContain('Welcome and opening remarks')

    const packageJson = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'))
    const tool = JSON.parse(await readFile(path.join(repoDir, 'package.json'), 'utf8'))
    expect(packageJson).toEqual({
      private: true,
      scripts: {build: 'proceedings build .', check: 'proceedings check .'},
      devDependencies: {'forum-proceedings': `file:vendor/forum-proceedings-${tool.version}.tgz`}
    })
    expect((await readFile(path.join(dir, '.gitignore'), 'utf8')).split('\n')).toEqual([
      '/dist/',
      '/dist.*',
      '/.proceedings-cache/',
      'node_modules/',
      ''
    ])
  }, 180_000)

  it('refuses a folder that holds a forum, changing nothing', async () => {
    const parent = await initedForum()
    const forum = await readFile(path.join(parent, 'forum/forum.md'), 'utf8')
    const again = await runCli(['init', 'forum'], {cwd: parent})
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(
      /^proceedings: Refusing to start a forum in forum: it already has forum\.md, sessions, contributions\n/
    )
    expect(await readFile(path.join(parent, 'forum/forum.md'), 'utf8')).toBe(forum)

    const partial = await tempDir()
    await mkdir(path.join(partial, 'contributions'))
    const refused = await runCli(['init'], {cwd: partial})
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('it already has contributions')
  })

  it('keeps an existing .gitignore and package.json', async () => {
    const dir = await tempDir()
    await writeFile(path.join(dir, '.gitignore'), 'mine\n')
    await writeFile(path.join(dir, 'package.json'), '{"name": "mine"}\n')
    const result = await runCli(['init', '.', '--title', 'Forum on Cooperatives'], {cwd: dir})
    expect(result.code).toBe(0)
    expect(result.stdout).not.toMatch(/^ {2}(\.gitignore|package\.json)$/m)
    expect(result.stdout).toContain('Kept the existing .gitignore, package.json')
    expect(await readFile(path.join(dir, '.gitignore'), 'utf8')).toBe('mine\n')
    expect(await readFile(path.join(dir, 'package.json'), 'utf8')).toBe('{"name": "mine"}\n')
    expect(await readFile(path.join(dir, 'forum.md'), 'utf8')).toMatch(
      /^title: Forum on Cooperatives +# required$/m
    )
    await expect(readFile(path.join(dir, 'vendor/forum-proceedings-0.1.0.tgz'))).rejects.toThrow()
  })

  it('writes a package.json that lists no tool, and says so, when npm cannot pack it', async () => {
    const dir = await tempDir()
    const result = await runCli(['init', '.'], {cwd: dir, env: {PATH: dir}})
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('npm could not pack the tool, so package.json lists none')
    expect(JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'))).toEqual({
      private: true,
      scripts: {build: 'proceedings build .', check: 'proceedings check .'}
    })
  })
})

describe('proceedings new session', () => {
  it('writes a concept note that check accepts, with every key', async () => {
    const parent = await initedForum()
    const result = await runCli(
      ['new', 'session', 'plenary', '--dir', 'forum', '--title', 'Closing plenary: what next?'],
      {cwd: parent}
    )
    expect(result).toEqual({code: 0, stdout: 'forum/sessions/plenary.md\n', stderr: ''})
    const written = await readFile(path.join(parent, 'forum/sessions/plenary.md'), 'utf8')
    expect(written).toMatch(/^title: "Closing plenary: what next\?" +# required$/m)
    expectEveryKey(written, sessionSchema)
    const check = await runCli(['check', 'forum', '--strict'], {cwd: parent})
    expectClean(check)
    expect(check.stderr).toContain('no problems in 4 files')
  })

  it('takes the id from the title when none is given, else the first free session-<n>', async () => {
    const parent = await initedForum()
    const titled = await runCli(
      ['new', 'session', '--dir', 'forum', '--title', 'Financing the transition: what next?'],
      {cwd: parent}
    )
    expect(titled).toEqual({
      code: 0,
      stdout: 'forum/sessions/financing-the-transition-what-next.md\n',
      stderr: ''
    })
    const untitled = await runCli(['new', 'session', '--dir', 'forum'], {cwd: parent})
    expect(untitled).toEqual({code: 0, stdout: 'forum/sessions/session-1.md\n', stderr: ''})
    expect((await runCli(['new', 'session', '--dir', 'forum'], {cwd: parent})).stdout).toBe(
      'forum/sessions/session-2.md\n'
    )
    // The title's id taken by a session already: nothing written, and the way to give one.
    const before = await readFile(path.join(parent, 'forum/sessions/first-session.md'), 'utf8')
    const taken = await runCli(['new', 'session', '--dir', 'forum', '--title', 'First session'], {
      cwd: parent
    })
    expect(taken).toMatchObject({code: 2, stdout: ''})
    expect(taken.stderr).toBe(
      'proceedings: Session `first-session` already exists: sessions/first-session.md\n' +
        '  hint: Give the new session another id: `proceedings new session <id>`.\n'
    )
    expect(await readFile(path.join(parent, 'forum/sessions/first-session.md'), 'utf8')).toBe(before)
    const check = await runCli(['check', 'forum'], {cwd: parent})
    expect(check.code).toBe(0)
    expect(check.stderr).toContain('in 6 files')
  })

  it('refuses an existing id and an invalid one, changing nothing', async () => {
    const parent = await initedForum()
    const before = await readFile(path.join(parent, 'forum/sessions/first-session.md'), 'utf8')
    const existing = await runCli(['new', 'session', 'first-session', '--dir', 'forum'], {cwd: parent})
    expect(existing).toMatchObject({code: 2, stdout: ''})
    expect(existing.stderr).toMatch(
      /^proceedings: Session `first-session` already exists: sessions\/first-session\.md\n/
    )
    expect(await readFile(path.join(parent, 'forum/sessions/first-session.md'), 'utf8')).toBe(before)

    for (const id of ['two words', '.hidden', '../escape', 'a/b']) {
      const invalid = await runCli(['new', 'session', id, '--dir', 'forum'], {cwd: parent})
      expect(invalid).toMatchObject({code: 2, stdout: ''})
      expect(invalid.stderr).toContain(
        `proceedings: Invalid session id \`${id}\`: Expected an id made of letters, digits, \`.\`, \`_\` or \`-\``
      )
    }
    expect((await runCli(['check', 'forum'], {cwd: parent})).stderr).toContain('no problems in 3 files')
  })

  it('refuses a folder that is not a forum', async () => {
    const result = await runCli(['new', 'session', 'plenary'], {cwd: await tempDir()})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /^proceedings: No forum found: no forum\.md in .+\n {2}hint: .*`proceedings init`/
    )
  })
})

describe('proceedings new contribution', () => {
  it('refuses an unknown session, listing the known ones', async () => {
    const dir = await copyFixtures('minimal')
    const result = await runCli(['new', 'contribution', '--dir', '.', '--session', 'plenery'], {cwd: dir})
    expect(result).toMatchObject({code: 2, stdout: ''})
    expect(result.stderr).toBe(
      'proceedings: Unknown session `plenery`, expected one of: `plenary`, `s`\n  hint: Did you mean `plenary`?\n'
    )
  })

  it('refuses a question the session does not have, saying what it has', async () => {
    const dir = await copyFixtures('minimal')
    const far = await runCli(
      ['new', 'contribution', '--dir', '.', '--session', 's', '--question', '1', '--question', '4'],
      {cwd: dir}
    )
    expect(far.code).toBe(2)
    expect(far.stderr).toBe(
      'proceedings: Question 4 out of range, session `s` has 3 guiding questions (1–3) and a main question\n' +
        '  hint: Use a number from 1 to 3, or `main`.\n'
    )
    const main = await runCli(
      ['new', 'contribution', '--dir', '.', '--session', 'plenary', '--question', 'main'],
      {cwd: dir}
    )
    expect(main.code).toBe(2)
    expect(main.stderr).toBe(
      'proceedings: No main question in session `plenary`: it has 1 guiding question and no main question\n  hint: Use 1.\n'
    )
    const word = await runCli(
      ['new', 'contribution', '--dir', '.', '--session', 's', '--question', 'first'],
      {cwd: dir}
    )
    expect(word.code).toBe(2)
    expect(word.stderr).toContain(
      'Invalid --question `first`, expected a question number (1, 2, …) or `main`'
    )
    expect((await runCli(['check', '.'], {cwd: dir})).stderr).toContain('no problems in 4 files')
  })

  it('writes a contribution with every key that passes check with no message', async () => {
    const parent = await initedForum()
    const args = [
      'new',
      'contribution',
      '--dir',
      'forum',
      '--session',
      'first-session',
      '--question',
      '2',
      '--question',
      'main',
      '--speaker',
      'Αθηνά Παπαδοπούλου',
      '--speaker',
      'Ada Lovelace',
      '--title',
      'Économie sociale: 2021'
    ]
    const result = await runCli(args, {cwd: parent})
    expect(result).toEqual({
      code: 0,
      stdout: 'forum/contributions/first-session/economie-sociale-2021.md\n',
      stderr: ''
    })
    const file = path.join(parent, 'forum/contributions/first-session/economie-sociale-2021.md')
    const written = await readFile(file, 'utf8')
    expectEveryKey(written, contributionSchema)
    expect(written).toMatch(/^questions: \[2, main\] +# question numbers \(1–3\), or main$/m)
    const check = await runCli(['check', 'forum', '--strict'], {cwd: parent})
    expectClean(check)
    expect(check.stderr).toBe('no problems in 4 files\n')

    const build = await runCli(['build', 'forum', '--format', 'json'], {cwd: parent})
    expectClean(build)
    const [session] = JSON.parse(
      await readFile(path.join(parent, 'forum/dist/proceedings.json'), 'utf8')
    ).sessions
    expect(session.questions[1].contributions).toEqual(['economie-sociale-2021'])
    expect(session.mainQuestion.contributions).toEqual(['economie-sociale-2021'])
    expect(session.contributions[1].speakers.map((speaker: {name: string}) => speaker.name)).toEqual([
      'Αθηνά Παπαδοπούλου',
      'Ada Lovelace'
    ])

    // The same title again gives the same id: refused, and the file is left as it was.
    const again = await runCli(args, {cwd: parent})
    expect(again).toMatchObject({code: 2, stdout: ''})
    expect(again.stderr).toMatch(
      /^proceedings: Contribution id `economie-sociale-2021` is already used by forum\/contributions\/first-session\/economie-sociale-2021\.md\n/
    )
    expect(await readFile(file, 'utf8')).toBe(written)
  })

  it('numbers untitled contributions and never overwrites one', async () => {
    const parent = await initedForum()
    const untitled = ['new', 'contribution', '--dir', 'forum', '--session', 'first-session']
    expect((await runCli(untitled, {cwd: parent})).stdout).toBe(
      'forum/contributions/first-session/contribution-1.md\n'
    )
    expect((await runCli(untitled, {cwd: parent})).stdout).toBe(
      'forum/contributions/first-session/contribution-2.md\n'
    )
    // Untitled and without speakers, they hold placeholders: warnings, which --strict makes errors.
    const strict = await runCli(['check', 'forum', '--strict'], {cwd: parent})
    expect(strict.code).toBe(1)
    expect(
      strict.stderr.match(
        /^forum\/contributions\/first-session\/contribution-[12]\.md:\d+:\d+: warning Placeholder `TODO: (contribution title|speaker name)`/gm
      )
    ).toHaveLength(4)
    expect(strict.stderr).toContain('4 warnings in 5 files')

    const welcome = path.join(parent, 'forum/contributions/first-session/welcome.md')
    const before = await readFile(welcome, 'utf8')
    const clash = await runCli([...untitled, '--id', 'welcome', '--title', 'Another welcome'], {cwd: parent})
    expect(clash).toMatchObject({code: 2, stdout: ''})
    expect(clash.stderr).toContain(
      'Contribution id `welcome` is already used by forum/contributions/first-session/welcome.md'
    )
    expect(await readFile(welcome, 'utf8')).toBe(before)

    // A file whose front matter gives it another id is still never replaced.
    await writeFile(
      path.join(parent, 'forum/contributions/first-session/taken.md'),
      '---\ntitle: Taken\nsession: first-session\nspeakers: [A]\nid: renamed\n---\nMine.\n'
    )
    const taken = await runCli([...untitled, '--id', 'taken'], {cwd: parent})
    expect(taken.code).toBe(2)
    expect(taken.stderr).toMatch(
      /^proceedings: Refusing to overwrite forum\/contributions\/first-session\/taken\.md\n/
    )
    expect(await readFile(path.join(parent, 'forum/contributions/first-session/taken.md'), 'utf8')).toContain(
      'Mine.'
    )
  })
})
