import {existsSync} from 'node:fs'
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {performance} from 'node:perf_hooks'
import {Worker} from 'node:worker_threads'
import fc from 'fast-check'
import type {Element} from 'hast'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import type {VFile} from '../../src/content/content-file.js'
import {matterOf} from '../../src/content/parse-front-matter.js'
import {build} from '../../src/core/build.js'
import {check} from '../../src/core/check.js'
import {
  bytesLiteral,
  contributionArb,
  manyOfOneContributionArb,
  type FuzzContribution
} from '../helpers/arbitraries.js'
import {copyFixtures, tempDir} from '../helpers/fixtures.js'
import {readHtml, selectAll} from '../helpers/html.js'

/*
 * Property: whatever bytes a contributor sends, `check` and `build --format
 * html,json` end in a result with messages on the files, never in an
 * exception or a hang. A failure prints the shrunk contribution as a
 * JavaScript literal to paste into a regular test; FUZZ_SEED=<n> explores
 * other inputs.
 */

const seed = Number(process.env.FUZZ_SEED ?? 42)
/*
 * Run counts: the seed is fixed, so each run of the suite tries the same inputs, and more of them find
 * little that these do not; FUZZ_SEED=<n> (or larger counts, by hand) explores further.
 */
const checkRuns = 1000
const buildRuns = 200
const manyRuns = 60
/**
 * Time budgets of the properties, runs and shrinking included (alone on two
 * cores, the check's 1,000 runs take about 10 s, the build's 200 runs about 12 s
 * and the long files' 60 runs about 10 s): on a slower or busier machine
 * fewer runs pass, and a failure found late is shrunk less.
 */
const checkBudgetMs = 20_000
const buildBudgetMs = 12_000
const manyBudgetMs = 10_000
/** Longer than any run of small input takes by far, even on a slow machine. */
const runLimitMs = 5_000
/** A run still in synchronous code after this is stuck: see startWatchdog. */
const stuckLimitMs = 30_000

let contentDir: string
let outRoot: string
let outGeneration = 0
let written: string | undefined
let watchdog: Watchdog

beforeAll(async () => {
  contentDir = await copyFixtures('minimal')
  outRoot = await tempDir()
  // Images for the generated Markdown to point at, one with spaces and non-ASCII letters.
  await mkdir(path.join(contentDir, 'contributions/images'), {recursive: true})
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==',
    'base64'
  )
  await writeFile(path.join(contentDir, 'contributions/images/chart.png'), png)
  await writeFile(path.join(contentDir, 'contributions/images/a b é.png'), png)
  watchdog = startWatchdog(stuckLimitMs)
})

/**
 * A property stopped by its time budget leaves its last run going (fast-check races the run with the
 * budget): the next test waits for it, so that no run writes into the content folder while another reads it.
 */
let inFlight: Promise<unknown> = Promise.resolve()
function waitedFor<Args extends unknown[]>(predicate: (...args: Args) => Promise<void>) {
  return (...args: Args) => {
    const run = predicate(...args)
    inFlight = run.catch(() => undefined)
    return run
  }
}

beforeEach(async () => {
  await inFlight
})

afterAll(async () => {
  await inFlight
  await watchdog?.stop()
})

describe('fuzzing contributions', () => {
  it('check ends in success or messages, never an exception or a hang', async () => {
    const runs = {all: 0, ok: 0}
    await fc.assert(
      fc.asyncProperty(
        contributionArb,
        waitedFor(async (input) => {
          const source = await writeContribution(input)
          const result = await guarded('check', input, () => check(contentDir))
          assertDiagnostics(result.files, input, source)
          expect(result.ok, 'ok is false exactly when a message is an error').toBe(!hasErrors(result.files))
          runs.all++
          if (result.ok) runs.ok++
        })
      ),
      {seed, numRuns: checkRuns, plugins: [fc.interruptAfterTimeLimit(checkBudgetMs)]}
    )
    // The mix must keep reaching both sides of the checks, not only the first error.
    expect(runs.ok).toBeGreaterThan(runs.all * 0.1)
    expect(runs.ok).toBeLessThan(runs.all * 0.9)
  }, 120_000)

  it('check reads a file of many of one construct in bounded time, or names the limit it passes', async () => {
    const runs = {all: 0, refused: 0}
    await fc.assert(
      fc.asyncProperty(
        manyOfOneContributionArb,
        waitedFor(async (input) => {
          const source = await writeContribution(input)
          // Time in proportion to the file, with room for a busy machine: a parse that grows with the square of
          // the file passes it many times over (100,000 unclosed `[a](` in one paragraph took minutes).
          const limitMs = runLimitMs + 30 * (input.bytes.length / 1024)
          const result = await guarded('check', input, () => check(contentDir), limitMs)
          assertDiagnostics(result.files, input, source)
          runs.all++
          if (!result.ok) runs.refused++
        })
      ),
      {seed, numRuns: manyRuns, plugins: [fc.interruptAfterTimeLimit(manyBudgetMs)]}
    )
    // Most shapes are within the limits, and some pass one.
    expect(runs.refused).toBeGreaterThan(0)
    expect(runs.refused).toBeLessThan(runs.all)
  }, 60_000)

  it('build --format html,json writes everything when check finds no error, and nothing otherwise', async () => {
    const outcomes = {written: 0, refused: 0}
    await fc.assert(
      fc.asyncProperty(
        contributionArb,
        fc.boolean(),
        waitedFor(async (input, drafts) => {
          const source = await writeContribution(input)
          const checked = await guarded('check', input, () => check(contentDir))
          const outDir = path.join(outRoot, `out-${outGeneration}`)
          const manifestPath = path.join(outDir, 'proceedings.json')
          const before = await readFile(manifestPath).catch(() => undefined)

          const built = await guarded('build', input, () =>
            build({
              contentDir,
              outDir,
              formats: ['html', 'json'],
              drafts,
              cacheDir: path.join(outRoot, 'cache')
            })
          )
          assertDiagnostics(built.files, input, source)
          expect(summarize(built.files), 'build reports what check reports').toEqual(summarize(checked.files))

          if (hasErrors(checked.files)) {
            outcomes.refused++
            expect(built.written, 'a build with errors writes nothing').toBe(false)
            const after = await readFile(manifestPath).catch(() => undefined)
            expect(after, 'a refused build leaves the previous output as it was').toEqual(before)
            return
          }
          outcomes.written++
          expect(built.written, 'a build without errors writes the output').toBe(true)
          const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest
          const file = checked.files.find((candidate) => candidate.data.source === source)
          const included = file !== undefined && (drafts || matterOf(file).data.draft !== true)
          const sources = manifest.sessions.flatMap((session) =>
            session.contributions.map((contribution) => contribution.source)
          )
          expect(sources.includes(source), `${source} is in proceedings.json`).toBe(included)
          expect(new Set(sources).size, 'each contribution appears once').toBe(sources.length)
          for (const session of manifest.sessions) await assertSafePage(outDir, `sessions/${session.id}.html`)
          await assertSafePage(outDir, 'index.html')
        })
      ),
      {seed, numRuns: buildRuns, plugins: [fc.interruptAfterTimeLimit(buildBudgetMs)]}
    )
    const all = outcomes.written + outcomes.refused
    expect(outcomes.written).toBeGreaterThan(all * 0.1)
    expect(outcomes.refused).toBeGreaterThan(all * 0.1)
  }, 120_000)
})

interface Manifest {
  sessions: {id: string; contributions: {id: string; source: string}[]}[]
}

/** Replaces the previous generated contribution with this one, as raw bytes. Returns its source path. */
async function writeContribution(input: FuzzContribution): Promise<string> {
  if (written) await rm(written, {force: true})
  const file = path.join(contentDir, 'contributions', input.name)
  await mkdir(path.dirname(file), {recursive: true})
  await writeFile(file, input.bytes)
  written = file
  watchdog.watch(file)
  return `contributions/${input.name}`
}

/**
 * Runs one call of the library: a thrown error or a run longer than
 * runLimitMs fails the property with the input. The content folder exists and
 * the output folder is ours, so no usage or environment error (UserError) can
 * make sense here: every throw is a bug.
 */
async function guarded<T>(
  phase: string,
  input: FuzzContribution,
  run: () => Promise<T>,
  limitMs = runLimitMs
): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: ${phase} did not end within ${limitMs} ms`)), limitMs)
  })
  const start = performance.now()
  watchdog.enter()
  try {
    const result = await Promise.race([run(), hang])
    const elapsed = performance.now() - start
    if (elapsed > limitMs)
      throw new Error(`hang: ${phase} took ${Math.round(elapsed)} ms, expected under ${limitMs} ms`)
    return result
  } catch (error) {
    // A stuck build may still hold its output folder: later runs write elsewhere.
    if (String(error).includes('hang:')) outGeneration++
    const stack =
      error instanceof Error
        ? (error.stack ?? String(error)).split('\n').slice(0, 8).join('\n')
        : String(error)
    throw new Error(
      `${phase} failed on contributions/${input.name} = ${bytesLiteral(input.bytes)}\n${stack}`,
      {cause: error}
    )
  } finally {
    clearTimeout(timer)
    watchdog.leave()
  }
}

function hasErrors(files: VFile[]): boolean {
  return files.some((file) => file.messages.some((message) => message.fatal === true))
}

/**
 * Errors and warnings counted per file. Not their text: deeply nested YAML
 * may parse or exhaust the stack depending on how deep the caller's stack
 * already is, so check and build can word the same error differently.
 */
function summarize(files: VFile[]) {
  return files.map((file) => ({
    source: file.data.source,
    errors: file.messages.filter((message) => message.fatal === true).length,
    warnings: file.messages.filter((message) => message.fatal === false).length
  }))
}

/**
 * Content problems come back as well-formed messages: an error or a warning
 * with a reason and a rule id, on a line of the file. They stay on the
 * generated file: the other files get at most a duplicate id.
 */
function assertDiagnostics(files: VFile[], input: FuzzContribution, source: string) {
  const hidden = source.split('/').some((part) => part.startsWith('.'))
  expect(
    files.some((file) => file.data.source === source),
    `${source} was read`
  ).toBe(!hidden)
  for (const file of files) {
    if (file.data.source === source) continue
    const unexpected = file.messages.filter((message) => message.ruleId !== 'duplicate-contribution-id')
    expect(
      unexpected.map((message) => `${message.line}:${message.column} ${message.reason}`),
      `${file.data.source} is left alone when ${source} is ${bytesLiteral(input.bytes)}`
    ).toEqual([])
  }
  for (const file of files) {
    const lineCount =
      file.data.source === source ? countLines(input.bytes) : String(file.value).split('\n').length
    for (const message of file.messages) {
      const shown = `${file.data.source}: ${message.reason}`
      expect(typeof message.fatal, `${shown} is an error or a warning`).toBe('boolean')
      expect(message.reason, shown).toMatch(/\S/)
      expect(message.ruleId, `${shown} has a rule id`).toMatch(/^[a-z-]+$/)
      if (message.line != null) {
        expect(message.line, `${shown} points at a line of the file`).toBeGreaterThanOrEqual(1)
        expect(message.line, `${shown} points at a line of the file`).toBeLessThanOrEqual(lineCount)
      }
      if (message.column != null) expect(message.column, `${shown} has a column`).toBeGreaterThanOrEqual(1)
    }
  }
}

/** Lines as an editor counts them: LF, CRLF and lone CR each end one. */
function countLines(bytes: Uint8Array): number {
  let lines = 1
  for (let index = 0; index < bytes.length; index++) {
    if (bytes[index] === 0x0a) lines++
    else if (bytes[index] === 0x0d && bytes[index + 1] !== 0x0a) lines++
  }
  return lines
}

/** No scripts, frames, handlers or `javascript:` URLs; every image is a file of the output. */
async function assertSafePage(outDir: string, page: string) {
  const file = path.join(outDir, page)
  const tree = await readHtml(file)
  expect(
    selectAll('script, iframe, frame, object, embed, form, style, base, meta[http-equiv]', tree).map(
      (node) => node.tagName
    ),
    page
  ).toEqual(['meta'])
  // The one `http-equiv` is the tool's policy, first in `<head>`, before anything a contribution wrote.
  expect(
    selectAll('head > meta[http-equiv]', tree).map((node) => (node as Element).properties.httpEquiv),
    page
  ).toEqual([['Content-Security-Policy']])
  for (const node of selectAll('*', tree) as Element[]) {
    for (const [name, value] of Object.entries(node.properties)) {
      expect(name, `${page}: <${node.tagName}> has no event handler`).not.toMatch(/^on/i)
      if (['href', 'src', 'action', 'formAction', 'poster', 'srcSet'].includes(name)) {
        // Browsers skip control characters and white space in a URL scheme.
        const url = [...String(value)].filter((char) => char > ' ').join('')
        expect(url, `${page}: <${node.tagName} ${name}>`).not.toMatch(/^(javascript|vbscript|data):/i)
      }
    }
    if (node.tagName === 'img') {
      const src = String(node.properties.src ?? '')
      if (/^https?:/i.test(src)) continue
      expect(
        existsSync(path.resolve(path.dirname(file), decodeURI(src))),
        `${page}: <img src="${src}"> is in the output`
      ).toBe(true)
    }
  }
}

interface Watchdog {
  watch(file: string): void
  enter(): void
  leave(): void
  stop(): Promise<void>
}

/**
 * A run stuck in synchronous code blocks the event loop, so no timer of this
 * thread can fail it. A watchdog thread notices a run that has not ended
 * after `limitMs`, prints the generated file, and kills this process: the
 * test file fails instead of hanging. The file is left on disk.
 */
function startWatchdog(limitMs: number): Watchdog {
  // [run counter, running, stop, path length], then the path of the generated file.
  const shared = new SharedArrayBuffer(16 + 4096)
  const state = new Int32Array(shared, 0, 4)
  const pathBytes = new Uint8Array(shared, 16)
  const worker = new Worker(
    `
    const {workerData} = require('node:worker_threads')
    const {readFileSync, writeSync} = require('node:fs')
    const state = new Int32Array(workerData.shared, 0, 4)
    const pathBytes = new Uint8Array(workerData.shared, 16)
    let seen = -1
    let since = Date.now()
    while (Atomics.load(state, 2) === 0) {
      Atomics.wait(state, 2, 0, 500)
      const run = Atomics.load(state, 0)
      if (run !== seen || Atomics.load(state, 1) === 0) {
        seen = run
        since = Date.now()
      } else if (Date.now() - since > workerData.limitMs) {
        const file = Buffer.from(pathBytes.slice(0, Atomics.load(state, 3))).toString()
        const bytes = readFileSync(file).toString('base64')
        writeSync(2, '\\nfuzz: a run is stuck after ' + workerData.limitMs + ' ms on ' + file +
          "\\n  bytes: Buffer.from('" + bytes + "', 'base64')\\n")
        process.kill(process.pid, 'SIGKILL')
      }
    }
  `,
    {eval: true, workerData: {shared, limitMs}}
  )
  worker.unref()
  return {
    watch(file) {
      const bytes = new TextEncoder().encode(file).subarray(0, pathBytes.length)
      pathBytes.set(bytes)
      Atomics.store(state, 3, bytes.length)
    },
    enter() {
      Atomics.add(state, 0, 1)
      Atomics.store(state, 1, 1)
    },
    leave() {
      Atomics.store(state, 1, 0)
    },
    async stop() {
      Atomics.store(state, 2, 1)
      Atomics.notify(state, 2)
      await worker.terminate()
    }
  }
}
