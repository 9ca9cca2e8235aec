import {constants} from 'node:fs'
import {copyFile, lstat, mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {forumSchema} from '../content/schema.js'
import {ExitCode, UserError} from '../errors.js'
import {contributionText} from './contribution-text.js'
import {readForumOutline} from './forum-outline.js'
import {frontMatterText, yamlScalar} from './front-matter-text.js'
import {speakerPlaceholder} from './new-file.js'
import {packTool} from './pack-tool.js'
import {sessionText} from './session-text.js'
import {toolPackage} from '../util/package-files.js'
import {writeNewFile} from './write-new-file.js'
import {makeFolder} from '../util/make-folder.js'

export interface InitOptions {
  /** The forum's title; default a placeholder to replace. */
  title?: string
}

export const forumTitlePlaceholder = 'TODO: forum title'
export const firstSessionId = 'first-session'

/** The files `initForum` writes, relative to the forum folder. The last three are kept when they exist. */
export const scaffoldFiles = [
  'forum.md',
  `sessions/${firstSessionId}.md`,
  `contributions/${firstSessionId}/welcome.md`,
  '.gitignore',
  'package.json',
  '.github/workflows/proceedings.yml'
] as const

/** What makes a folder a forum already: initForum refuses it rather than mix two forums. */
const forumEntries = ['forum.md', 'sessions', 'contributions']

/**
 * Starts a forum in `dir` (created when missing): forum.md, a concept note, a
 * contribution answering its first question, and what a repository needs to
 * check and publish it (.gitignore, package.json, a GitHub Actions workflow).
 * Refuses a folder that holds a forum already and overwrites nothing: an
 * existing .gitignore, package.json or workflow is kept. Returns the files
 * written, relative to `dir`.
 */
export async function initForum(dir: string, options: InitOptions = {}): Promise<string[]> {
  const root = path.resolve(dir)
  const stats = await lstat(root).catch(() => undefined)
  if (stats && !stats.isDirectory()) throw new UserError(`Not a folder: ${dir}`, {exitCode: ExitCode.usage})
  const found = (
    await Promise.all(forumEntries.map(async (entry) => (await exists(path.join(root, entry))) && entry))
  ).filter(Boolean)
  if (found.length) {
    throw new UserError(`Refusing to start a forum in ${dir}: it already has ${found.join(', ')}`, {
      exitCode: ExitCode.usage,
      hint: `Choose an empty folder, or add files to this forum with \`proceedings new session\` and \`proceedings new contribution\`.`
    })
  }

  const title = options.title?.replace(/\s+/g, ' ').trim() || forumTitlePlaceholder
  const sessionSource = scaffoldFiles[1]
  const welcomeSource = scaffoldFiles[2]
  await writeNewFile(dir, 'forum.md', forumText(title))
  await writeNewFile(
    dir,
    sessionSource,
    sessionText({title: 'First session', id: firstSessionId, source: sessionSource})
  )
  // The contribution's comments give the ranges of the session as it parses.
  const session = (await readForumOutline(dir)).sessions.find((candidate) => candidate.id === firstSessionId)
  if (!session) throw new Error(`The scaffolded ${sessionSource} does not parse`)
  await writeNewFile(
    dir,
    welcomeSource,
    contributionText({
      title: 'Welcome and opening remarks',
      session,
      speakers: [speakerPlaceholder],
      questions: [1],
      id: 'welcome',
      source: welcomeSource,
      forumLanguage: 'en',
      body: welcomeBody
    })
  )
  const written: string[] = ['forum.md', sessionSource, welcomeSource]
  const extras: [source: string, write: () => Promise<string[]>][] = [
    ['.gitignore', async () => (await writeNewFile(dir, '.gitignore', gitignoreText), ['.gitignore'])],
    [
      'package.json',
      async () => {
        const tarball = await vendorTool(root)
        await writeNewFile(dir, 'package.json', packageJsonText(tarball))
        return ['package.json', ...(tarball ? [tarball] : [])]
      }
    ],
    [
      '.github/workflows/proceedings.yml',
      async () => (
        await writeNewFile(dir, '.github/workflows/proceedings.yml', workflowText),
        ['.github/workflows/proceedings.yml']
      )
    ]
  ]
  for (const [source, write] of extras) {
    if (await exists(path.join(root, source))) continue
    written.push(...(await write()))
  }
  return written
}

/** Where the tool's own tarball is kept in a forum's repository. */
export const vendorDir = 'vendor'

/**
 * Puts the running tool, packed, in the forum's `vendor/` (an existing file
 * of that name is kept) and returns its path relative to the forum; undefined
 * when npm could not pack it.
 */
async function vendorTool(root: string): Promise<string | undefined> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'proceedings-pack-'))
  try {
    const name = await packTool(scratch)
    if (!name) return undefined
    const source = `${vendorDir}/${name}`
    await makeFolder(path.join(root, vendorDir))
    await copyFile(path.join(scratch, name), path.join(root, source), constants.COPYFILE_EXCL).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error
      }
    )
    return source
  } finally {
    await rm(scratch, {recursive: true, force: true})
  }
}

async function exists(file: string): Promise<boolean> {
  return (await lstat(file).catch(() => undefined)) !== undefined
}

function forumText(title: string): string {
  const matter = frontMatterText(forumSchema, {
    title: {lines: [{text: `title: ${yamlScalar(title)}`, comment: 'required'}]},
    subtitle: {lines: [{text: 'subtitle: Proceedings'}], off: true},
    date: {lines: [{text: 'date: 2021-10-05', comment: 'YYYY-MM-DD'}], off: true},
    language: {lines: [{text: 'language: en', comment: 'BCP 47; en, es and fr labels are built in'}]},
    languages: {
      lines: [
        {text: 'languages: [en, es, fr]', comment: 'one edition per language; translations: <name>.<lang>.md'}
      ],
      off: true
    },
    organizers: {
      lines: [
        {text: 'organizers:', comment: 'printed on the cover'},
        {text: `  - ${yamlScalar('TODO: organizer')}`}
      ]
    },
    url: {
      lines: [{text: 'url: https://example.org/proceedings/', comment: 'where the site is published'}],
      off: true
    },
    publisher: {lines: [{text: 'publisher: Publisher', comment: 'for citations'}], off: true},
    place: {lines: [{text: 'place: City', comment: 'place of publication'}], off: true},
    isbn: {lines: [{text: 'isbn: 978-3-16-148410-0'}], off: true},
    doi: {lines: [{text: 'doi: 10.5555/example', comment: "the volume's DOI"}], off: true},
    license: {lines: [{text: 'license: CC-BY-4.0', comment: 'an SPDX license id'}], off: true},
    depositor: {
      lines: [
        {text: 'depositor:', comment: 'for `proceedings export crossref`'},
        {text: '  name: Publisher'},
        {text: '  email: doi@example.org'}
      ],
      off: true
    },
    labels: {
      lines: [
        {text: 'labels:', comment: 'your own words for the printed labels'},
        {text: '  speakers: Participants'}
      ],
      off: true
    },
    emptyQuestions: {
      lines: [{text: 'emptyQuestions: omit', comment: 'show (default) or omit unanswered questions'}],
      off: true
    }
  })
  return `${matter}
The foreword of the proceedings, in Markdown: who held the forum, when and why, and how to read what follows.

Each session has a concept note in \`sessions/\`; the contributions are in \`contributions/\`, one file each, tagged with the
session and the guiding questions they answer.
`
}

const welcomeBody = `Welcome to the first session. This contribution answers the first guiding question: replace it with the
first real contribution, or delete it.

Contributions are written in Markdown: *emphasis*, lists, tables, footnotes, and images placed next to the file.
`

/** What `build` writes into the forum's project: the output, its work in progress and lock beside it, and the cache. */
const gitignoreText = `/dist/
/dist.*
/.proceedings-cache/
node_modules/
`

/**
 * A package.json for the forum's repository, so that `npm ci` installs the same tool everywhere: the
 * tarball in vendor/, as the tool is not on the npm registry. Without one it lists no tool.
 */
function packageJsonText(tarball: string | undefined): string {
  const forum = {
    private: true,
    scripts: {build: 'proceedings build .', check: 'proceedings check .'},
    ...(tarball ? {devDependencies: {[toolPackage.name]: `file:${tarball}`}} : {})
  }
  return JSON.stringify(forum, null, 2) + '\n'
}

/** Checks on every push and pull request; builds and publishes with GitHub Pages from main. */
const workflowText = `# Checks the proceedings on every push and pull request, and publishes them with
# GitHub Pages from main (Settings > Pages > Source: GitHub Actions).
# \`npm ci\` needs package-lock.json: run \`npm install\` once and commit it.
name: Proceedings

on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read

concurrency:
  group: proceedings-\${{ github.ref }}
  cancel-in-progress: \${{ github.event_name == 'pull_request' }}

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - run: npx proceedings setup
      - uses: actions/cache@v4
        with:
          path: .proceedings-cache
          key: proceedings-\${{ runner.os }}-\${{ github.sha }}
          restore-keys: proceedings-\${{ runner.os }}-
      - run: npx proceedings check . --reporter github
      - run: npx proceedings build .
      - uses: actions/upload-pages-artifact@v3
        with:
          path: dist/

  deploy:
    if: github.event_name == 'push' && github.ref == 'refs/heads/main'
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: \${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
`
