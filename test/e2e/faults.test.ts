import {spawn, execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {chmod, cp, readFile, readdir, rm, stat, writeFile} from 'node:fs/promises'
import path from 'node:path'
import fc from 'fast-check'
import {beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {findBrowser} from '../../src/browser/find-browser.js'
import {addContributions} from '../helpers/big-forum.js'
import {binPath, runCli} from '../helpers/cli.js'
import {copyFixtures, tempDir} from '../helpers/fixtures.js'

let realBrowser: string

/**
 * The kill delays of the interrupted builds are drawn from a seed, printed, so that a failure can be run
 * again with the same delays: `FAULTS_SEED=<seed> npx vitest run test/e2e/faults.test.ts`.
 */
const seed = process.env.FAULTS_SEED ? Number(process.env.FAULTS_SEED) : Date.now() % 2 ** 31
if (!Number.isSafeInteger(seed))
  throw new Error(`FAULTS_SEED must be an integer, not ${process.env.FAULTS_SEED}`)

beforeAll(async () => {
  const found = await findBrowser()
  if (!found) throw new Error('No browser: run `npx proceedings setup`')
  realBrowser = found.executablePath
})

/**
 * A browser that, on its first launch (or every launch), sends itself a signal after a delay. `signalled()` tells
 * whether a signal reached a browser still running: a build that ends before the delay tests nothing.
 */
async function faultyBrowser(signal: 'KILL' | 'STOP', when: 'first' | 'always', delaySeconds: number) {
  const dir = await tempDir()
  const script = path.join(dir, 'chromium-faulty')
  await writeFile(
    script,
    [
      '#!/bin/sh',
      // The tool asks the browser its version first: that run is not a print, and is left alone.
      `case " $* " in *" --version "*) exec "${realBrowser}" "$@";; esac`,
      `mark="${dir}/launched"`,
      `if [ "${when}" = always ] || [ ! -e "$mark" ]; then`,
      '  touch "$mark"',
      `  ( sleep ${delaySeconds}; kill -${signal} $$ && touch "${dir}/signalled" ) &`,
      'fi',
      `exec "${realBrowser}" "$@"`,
      ''
    ].join('\n')
  )
  await chmod(script, 0o755)
  const signalled = () =>
    stat(path.join(dir, 'signalled')).then(
      () => true,
      () => false
    )
  return {script, signalled}
}

/**
 * Each build here gets its own TMPDIR, where the tool makes the browser's
 * profile, so that its browsers can be told from those of tests running alongside.
 */
let tmp: string
let env: NodeJS.ProcessEnv

beforeEach(async () => {
  tmp = await tempDir()
  env = {TMPDIR: tmp}
})

/** Chromium processes with a profile under this test's TMPDIR. */
function listBrowsers(): string[] {
  try {
    return execFileSync('pgrep', ['-af', path.join(tmp, 'proceedings-chrome-')], {encoding: 'utf8'})
      .split('\n')
      .filter(Boolean)
  } catch {
    return []
  }
}

function childrenOf(pid: number): string[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], {encoding: 'utf8'})
      .split('\n')
      .filter(Boolean)
  } catch {
    return []
  }
}

/**
 * The browsers still running a moment after the command ended. After a
 * SIGKILL of the command the browser exits by itself, when its pipe closes.
 */
async function browserProcesses(): Promise<string[]> {
  for (let tries = 0; tries < 30 && listBrowsers().length > 0; tries++)
    await new Promise((resolve) => setTimeout(resolve, 100))
  return listBrowsers()
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const files = (await readdir(dir, {recursive: true, withFileTypes: true})).filter((entry) => entry.isFile())
  const entries = await Promise.all(
    files.map(async (entry) => {
      const file = path.join(entry.parentPath, entry.name)
      return [
        path.relative(dir, file),
        createHash('sha256')
          .update(await readFile(file))
          .digest('hex')
      ] as const
    })
  )
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)))
}

describe('browser faults', () => {
  it('relaunches a browser that crashes mid-print and prints again', async () => {
    const dir = await copyFixtures('minimal')
    await addContributions(dir, 400)
    const chrome = await faultyBrowser('KILL', 'first', 0.8)
    const result = await runCli(['build', '.', '--format', 'pdf', '--chrome', chrome.script], {cwd: dir, env})
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(await chrome.signalled()).toBe(true)
    expect((await readFile(path.join(dir, 'dist/proceedings.pdf'))).subarray(0, 5).toString()).toBe('%PDF-')
    expect(await browserProcesses()).toEqual([])
  })

  it('gives a clear error when the browser crashes twice', async () => {
    const dir = await copyFixtures('minimal')
    await addContributions(dir, 400)
    const chrome = await faultyBrowser('KILL', 'always', 0.8)
    const result = await runCli(['build', '.', '--chrome', chrome.script], {cwd: dir, env})
    expect(result.code).toBe(3)
    // Pieces print side by side: the message names the piece whose print failed. (On a busy machine the browser may
    // be killed while it starts.)
    expect(result.stderr.split('\n')[0]).toMatch(
      /^proceedings: PDF printing failed twice: (the browser closed unexpectedly|cannot start the browser at \S+: .+) \(printing (the cover and contents|the indexes|session `s`|session `plenary`|sessions `s`, `plenary`|sessions `plenary`, `s`)\)$/
    )
    await expect(readdir(path.join(dir, 'dist'))).rejects.toThrow()
    expect(await browserProcesses()).toEqual([])
  })

  it('kills a hung browser after the print timeout and retries', async () => {
    const dir = await copyFixtures('minimal')
    await addContributions(dir, 100)
    const chrome = await faultyBrowser('STOP', 'first', 0.6)
    const result = await runCli(
      ['build', '.', '--format', 'pdf', '--chrome', chrome.script, '--print-timeout', '3'],
      {cwd: dir, env}
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(await chrome.signalled()).toBe(true)
    expect(await browserProcesses()).toEqual([])
  })
})

describe('interrupted builds', () => {
  it('leave the previous output exactly as it was, or the new one complete, whenever they are killed', async () => {
    const dir = await copyFixtures('minimal')
    await addContributions(dir, 150)
    // A fixed date, so that a completed build can be compared byte for byte with a clean one.
    const dated = {...env, SOURCE_DATE_EPOCH: '1767225600'}
    expect((await runCli(['build', '.'], {cwd: dir, env: dated})).code).toBe(0)
    const before = await snapshot(path.join(dir, 'dist'))
    await writeFile(
      path.join(dir, 'contributions/new.md'),
      '---\ntitle: Added later\nsession: s\nspeakers: [Late]\n---\nNew.\n'
    )
    // What a build that completes must leave: the output of a clean build of the edited forum, in a copy.
    const clean = await tempDir()
    await cp(dir, clean, {recursive: true})
    await rm(path.join(clean, 'dist'), {recursive: true})
    expect((await runCli(['build', '.'], {cwd: clean, env: dated})).code).toBe(0)
    const complete = await snapshot(path.join(clean, 'dist'))

    const signals: NodeJS.Signals[] = ['SIGKILL', 'SIGTERM', 'SIGINT']
    const delays = fc.sample(fc.integer({min: 150, max: 1650}), {seed, numRuns: 9})
    console.info(`interrupted builds: FAULTS_SEED=${seed} (kills after ${delays.join(', ')} ms)`)
    for (const [run, delay] of delays.entries()) {
      const signal = signals[run % signals.length]!
      const which = `run ${run + 1}, ${signal} after ${delay} ms, FAULTS_SEED=${seed}`
      const child = spawn(process.execPath, [binPath, 'build', '.'], {
        cwd: dir,
        stdio: 'ignore',
        env: {...process.env, ...dated}
      })
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
      await new Promise((resolve) => setTimeout(resolve, delay))
      child.kill(signal)
      const code = await exited
      const after = await snapshot(path.join(dir, 'dist'))
      const json = JSON.parse(await readFile(path.join(dir, 'dist/proceedings.json'), 'utf8'))
      const isNew = json.sessions[1].contributions.some((item: {id: string}) => item.id === 'new')
      expect(after, which).toEqual(isNew ? complete : before)
      if (code !== null && code !== 0) expect([130, 143], which).toContain(code)
      expect(await browserProcesses(), which).toEqual([])
    }
    // Nothing half-written is left once the next build has run.
    expect((await runCli(['build', '.', '--format', 'json'], {cwd: dir, env: dated})).code).toBe(0)
    const siblings = await readdir(dir)
    expect(siblings.filter((name) => /^dist\./.test(name))).toEqual([])
  }, 180_000)

  it('stops on SIGINT with exit 130 and a message', async () => {
    const dir = await copyFixtures('minimal')
    await addContributions(dir, 300)
    const child = spawn(process.execPath, [binPath, 'build', '.'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {...process.env, ...env}
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    // Interrupt mid-print: once this build's browser has started.
    for (let tries = 0; tries < 400 && childrenOf(child.pid!).length === 0; tries++)
      await new Promise((resolve) => setTimeout(resolve, 50))
    child.kill('SIGINT')
    expect(await exited).toBe(130)
    expect(stderr).toBe('proceedings: interrupted by SIGINT; the output folder was left as it was\n')
    await expect(readdir(path.join(dir, 'dist'))).rejects.toThrow()
    expect((await readdir(dir)).filter((name) => name.startsWith('dist'))).toEqual([])
  })
})

describe('two builds at once', () => {
  it('take turns on the same output folder', async () => {
    const dir = await copyFixtures('minimal')
    await addContributions(dir, 100)
    const [first, second] = await Promise.all([
      runCli(['build', '.'], {cwd: dir, env}),
      runCli(['build', '.'], {cwd: dir, env})
    ])
    expect([first.code, second.code]).toEqual([0, 0])
    const files = Object.keys(await snapshot(path.join(dir, 'dist')))
    expect(files).toContain('proceedings.pdf')
    expect((await readdir(dir)).filter((name) => name.startsWith('dist'))).toEqual(['dist'])
  })
})
