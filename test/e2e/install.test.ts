import {execFile} from 'node:child_process'
import {readdir, readFile} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {repoDir, tempDir} from '../helpers/fixtures.js'
import {pdfPages} from '../helpers/pdf.js'

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** Runs a command line with bash, as a shell (and GitHub Actions) would, with the given PATH in front. */
function sh(command: string, cwd: string, pathFirst: string[] = []): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    PATH: [...pathFirst, path.dirname(process.execPath), process.env.PATH].join(path.delimiter)
  }
  // Variables npm sets for the script running the tests would change what a nested npm does.
  for (const name of Object.keys(env)) if (name.startsWith('npm_')) delete env[name]
  return new Promise((resolve) => {
    execFile('bash', ['-c', command], {cwd, env, maxBuffer: 64 * 1024 * 1024}, (error, stdout, stderr) => {
      resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr})
    })
  })
}

function expectOk(run: Run, what: string) {
  expect(run.code, `${what}\n${run.stdout}\n${run.stderr}`).toBe(0)
}

describe('the tool installed from its packed tarball', () => {
  it('installs into an empty prefix, starts a forum, builds it with the PDF, and the forum installs the same tool with npm', async () => {
    const work = await tempDir()
    // The README's way: `npm run pack:tool` packs lib/, built by `npm test` before the tests (building it again
    // here would rewrite the files other tests are running).
    const packed = await sh(`npm run --silent pack:tool -- "${work}"`, repoDir)
    expectOk(packed, 'npm run pack:tool')
    const filename = path.basename(packed.stdout.trim())
    expect(filename).toMatch(/^forum-proceedings-.+\.tgz$/)
    const prefix = path.join(work, 'prefix')
    const global = await sh(
      `npm install -g --prefer-offline --no-audit --no-fund --prefix "${prefix}" "./${filename}"`,
      work
    )
    expectOk(global, 'npm install -g')
    // The tarball lists no script for npm to run at install, so npm has none to warn about (npm 11.16 and later).
    expect(global.stderr).not.toMatch(/install.scripts|allowScripts/i)
    const bin = path.join(prefix, 'bin')
    expect(await readdir(bin)).toEqual(['proceedings'])

    const init = await sh('proceedings init myforum', work, [bin])
    expectOk(init, 'init')
    const forum = path.join(work, 'myforum')
    expect(init.stdout).toContain(`  vendor/${filename}\n`)
    const build = await sh('proceedings build', forum, [bin])
    expectOk(build, 'build')
    expect(build.stdout).toMatch(/^Built 1 session, 1 contribution into dist\//m)
    expect((await pdfPages(path.join(forum, 'dist/proceedings.pdf')))[0]).toContain('TODO: forum title')

    // The forum's package.json names the tarball kept in its repository: npm installs it, and the workflow's steps run as written.
    const packageJson = JSON.parse(await readFile(path.join(forum, 'package.json'), 'utf8'))
    expect(packageJson.devDependencies).toEqual({'forum-proceedings': `file:vendor/${filename}`})
    const installed = await sh('npm install --prefer-offline --no-audit --no-fund', forum)
    expectOk(installed, 'npm install in the forum')
    expect(installed.stderr).not.toMatch(/install.scripts|allowScripts/i)
    const manifest = JSON.parse(
      await readFile(path.join(forum, 'node_modules/forum-proceedings/package.json'), 'utf8')
    )
    expect(Object.keys(manifest.scripts)).not.toContain('prepare')
    expect(manifest.scripts.build).toBeDefined()
    const lock = JSON.parse(await readFile(path.join(forum, 'package-lock.json'), 'utf8'))
    expect(lock.packages['node_modules/forum-proceedings']).toMatchObject({
      resolved: `file:vendor/${filename}`
    })

    const workflow = parse(await readFile(path.join(forum, '.github/workflows/proceedings.yml'), 'utf8'))
    const steps: string[] = workflow.jobs.build.steps.flatMap((step: {run?: string}) =>
      step.run ? [step.run] : []
    )
    expect(steps[0]).toBe('npm ci')
    for (const step of steps) {
      // The installed command is not on this PATH: each step uses the forum's own. `npm ci` asks the registry
      // afresh, as on a new runner: with --prefer-offline, a package document cached before a release made it
      // refuse a version `npm install` had just locked (ETARGET).
      const command = step === 'npm ci' ? 'npm ci --no-audit --no-fund' : step
      expectOk(await sh(command, forum), step)
    }
    expect(await readdir(path.join(forum, 'dist'))).toContain('proceedings.pdf')
  }, 600_000)
})
