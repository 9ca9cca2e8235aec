// The benchmark: builds synthetic forums of 200, 2,000 and 10,000
// contributions with the real CLI and reports stage times, pages and peak
// memory, with a raw Chromium print of the same print page for reference.
// Results go to bench/results.json. Sizes can be narrowed: BENCH_SIZES=200,2000.
// The HTML and JSON builds, cold and after an edit (of a title, of a text), run BENCH_RUNS times (default 3): the
// median is reported, every run is kept. Times on a shared machine vary from run to run.
import {execFileSync, spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {mkdir, readdir, readFile, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import puppeteer from 'puppeteer-core'
import {findBrowser} from '../lib/browser/find-browser.js'
import {loadForumTheme} from '../lib/render/theme/load-forum-theme.js'
import {loadProceedings} from '../lib/core/load-proceedings.js'
import {renderSite} from '../lib/render/html/render-site.js'
import {pageContext} from '../lib/render/page-context.js'
import {splitIntoPieces} from '../lib/render/pdf/pieces.js'
import {generateForum} from './generate-forum.mjs'

const repo = fileURLToPath(new URL('..', import.meta.url))
const bin = path.join(repo, 'bin/proceedings.js')
const sizes = (process.env.BENCH_SIZES ?? '200,2000,10000').split(',').map(Number)
/** The PDF is measured up to this size (10,000 contributions print some 17,000 pages, in minutes). */
const maxPdfSize = Number(process.env.BENCH_MAX_PDF ?? 10000)
/** Chromium printing the whole volume as one document grows faster than linearly: measured up to this size (BENCH_MAX_WHOLE). */
const maxWholeSize = Number(process.env.BENCH_MAX_WHOLE ?? 2000)
/** A rebuild after an edit that moves the pages of every later session reprints most of the volume: measured up to this size. */
const maxShiftSize = 2000
const work = path.join(os.tmpdir(), 'proceedings-bench')
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3))
/** The languages of the editions scenario: the same forum, published in each. */
const editionLanguages = ['en', 'es', 'fr']

/** The run of median time among `count` runs of `once(index)`, with every run's time. */
async function median(count, once) {
  const done = []
  for (let index = 0; index < count; index++) done.push(await once(index))
  const sorted = [...done].sort((a, b) => a.ms - b.ms)
  return {...sorted[Math.floor((sorted.length - 1) / 2)], runsMs: done.map((result) => Math.round(result.ms))}
}

function run(args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd ?? repo,
      env: {...process.env, CI: '1'}
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('exit', (code) => {
      const ms = performance.now() - started
      if (code !== 0) reject(new Error(`proceedings ${args.join(' ')} exited ${code}\n${stderr}`))
      else resolve({ms, stdout})
    })
  })
}

/**
 * Stage times, pages and peak memory from `build --verbose` output. A stage
 * run once per edition (`html: es: 17 files (64 ms)`) is summed in `stages`
 * and kept per edition in `byEdition`; `pages` counts the pages of every PDF.
 */
function readStages(stdout) {
  const stages = {}
  const byEdition = {}
  for (const match of stdout.matchAll(/^(\w+): (?:([a-z]{2,3}(?:-[A-Za-z0-9]+)*): )?.* \((\d+) ms\)$/gm)) {
    const [, stage, edition, ms] = match
    stages[stage] = (stages[stage] ?? 0) + Number(ms)
    if (edition) (byEdition[edition] ??= {})[stage] = Number(ms)
  }
  const editionPages = [...stdout.matchAll(/^pdf: [a-z-]+: (\d+) pages;/gm)].map((match) => Number(match[1]))
  const pages = editionPages.length
    ? editionPages.reduce((sum, count) => sum + count, 0)
    : Number(/(\d+) pages$/m.exec(stdout)?.[1] ?? NaN)
  const memory = /^Peak memory: (\d+) MB$/m.exec(stdout)
  // The parts are cut beside the end of the printing: what they add to the build is the time they run after it.
  const partsAfter = [
    ...stdout.matchAll(/^parts: .*; done (\d+(?:\.\d+)?) s after the printing \(\d+ ms\)$/gm)
  ]
  return {
    stages,
    ...(partsAfter.length > 0 && {
      partsAfterPrintingMs: Math.round(partsAfter.reduce((sum, match) => sum + Number(match[1]) * 1000, 0))
    }),
    ...(Object.keys(byEdition).length > 0 && {byEdition}),
    pages: Number.isNaN(pages) ? undefined : pages,
    peakMb: memory ? Number(memory[1]) : undefined
  }
}

/** The files a build parsed, from its `parse:` line (`2021 parsed, 0 from the cache`, or `30 sessions, 298 contributions`). */
function parsedCount(stdout) {
  const line = /^parse: (.*) \(\d+ ms\)$/m.exec(stdout)?.[1] ?? ''
  const parsed = /(\d+) parsed/.exec(line)
  if (parsed) return Number(parsed[1])
  const counts = /(\d+) sessions?, (\d+) contributions?/.exec(line)
  return counts ? Number(counts[1]) + Number(counts[2]) : undefined
}

/** How the contributions' and sessions' own PDFs were made: `2,020 PDFs of contributions and sessions, 100 made, 1,920 from the cache`. */
function partsOf(stdout) {
  return /^parts: (.*) \(\d+ ms\)$/m.exec(stdout)?.[1]
}

/** How the PDF was made: `22 pieces printed in 2 rounds, 0 from the cache`. */
function printingOf(stdout) {
  return /^pdf: \d+ pages; (.*) \(\d+ ms\)$/m.exec(stdout)?.[1]
}

/**
 * Chromium printing the same print page with nothing else: as one document,
 * and as the same pieces on two browsers at once (one print each, tagged, as the tool's are).
 * These are the floors for the PDF step.
 */
async function rawPrints(forumDir, whole) {
  const loaded = await loadProceedings(forumDir)
  const theme = await loadForumTheme(loaded.root, undefined)
  const dir = path.join(work, 'raw-print')
  await rm(dir, {recursive: true, force: true})
  for (const file of renderSite(loaded.proceedings, theme).filter((file) =>
    file.path.startsWith('assets/')
  )) {
    await mkdir(path.dirname(path.join(dir, file.path)), {recursive: true})
    await writeFile(
      path.join(dir, file.path),
      'copyFrom' in file ? await readFile(file.copyFrom) : file.contents
    )
  }
  const pieces = splitIntoPieces(loaded.proceedings)
  const html = (part) =>
    theme.render(
      'print',
      pageContext(loaded.proceedings, {
        mode: 'print',
        inFolder: false,
        part: {
          ...part,
          local: new Set(part.anchors),
          pageOffset: 0,
          crossLinkPrefix: 'https://proceedings.invalid/go#'
        }
      })
    )
  await writeFile(
    path.join(dir, 'whole.html'),
    html({
      front: true,
      sessions: loaded.proceedings.sessions,
      indexes: true,
      anchors: pieces.flatMap((piece) => piece.anchors)
    })
  )
  for (const [index, piece] of pieces.entries())
    await writeFile(path.join(dir, `piece-${index}.html`), html(piece))

  const found = await findBrowser()
  const launch = () =>
    puppeteer.launch({
      executablePath: found.executablePath,
      headless: found.headlessShell ? 'shell' : true,
      args: ['--no-sandbox'],
      // The whole volume of 2,000 contributions took 104 s to print alone, and over puppeteer's 180 s on a loaded machine.
      protocolTimeout: 20 * 60 * 1000
    })
  const print = async (browser, file) => {
    const page = await browser.newPage()
    await page.goto(`file://${path.join(dir, file)}`, {waitUntil: 'load', timeout: 0})
    await page.pdf({preferCSSPageSize: true, printBackground: true, tagged: true, timeout: 0})
    await page.close()
  }
  const browsers = [await launch(), await launch()]
  try {
    let started = performance.now()
    if (whole) await print(browsers[0], 'whole.html')
    const wholeMs = whole ? performance.now() - started : undefined
    started = performance.now()
    let next = 0
    await Promise.all(
      browsers.map(async (browser) => {
        while (next < pieces.length) await print(browser, `piece-${next++}.html`)
      })
    )
    return {wholeMs, piecesMs: performance.now() - started}
  } finally {
    await Promise.all(browsers.map((browser) => browser.close()))
  }
}

/** Time from saving one contribution to the reload event in `serve`. */
async function serveRebuild(forumDir) {
  const child = spawn(process.execPath, [bin, 'serve', forumDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  try {
    const url = await new Promise((resolve, reject) => {
      let stdout = ''
      child.stdout.on('data', (chunk) => {
        stdout += chunk
        const match = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)
        if (match) resolve(match[1])
      })
      child.on('exit', (code) => reject(new Error(`serve exited ${code}`)))
    })
    const response = await fetch(new URL('__proceedings/events', url))
    const reader = response.body.getReader()
    await reader.read()
    const file = path.join(forumDir, 'contributions/session-01/c00000.md')
    const text = await readFile(file, 'utf8')
    const times = []
    for (let round = 0; round < 3; round++) {
      const started = performance.now()
      await writeFile(file, text.replace(/^title: (.*)$/m, `title: $1 (edit ${round})`))
      for (
        let read = await reader.read();
        !new TextDecoder().decode(read.value).includes('event: reload');
        read = await reader.read()
      );
      times.push(performance.now() - started)
    }
    await writeFile(file, text)
    return Math.min(...times)
  } finally {
    child.kill('SIGINT')
  }
}

const machine = {
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  os: `${os.type()} ${os.release()}`,
  node: process.version,
  chromium: undefined
}

/**
 * The same forum published in three languages: every concept note and one
 * contribution in four translated (see generateForum), cold builds with no
 * cache. Every file is parsed once whatever the editions: the build's parse
 * count must be the number of concept notes, contributions and translations.
 */
async function editionsScenario(size, sessions) {
  const forumDir = path.join(work, `forum-${size}-editions`)
  if (!existsSync(path.join(forumDir, 'forum.md'))) {
    await rm(forumDir, {recursive: true, force: true})
    await generateForum(forumDir, {sessions, contributions: size, seed: 2026, languages: editionLanguages})
  }
  const files = (await readdir(forumDir, {recursive: true})).filter((file) => /\.md$/.test(file))
  const translations = files.filter((file) => /^contributions\/.*\.[a-z]{2}\.md$/.test(file)).length
  const toParse = files.filter((file) => /^(sessions|contributions)\//.test(file)).length
  const out = path.join(work, `out-${size}-editions`)
  const cacheDir = path.join(work, `cache-${size}-editions`)
  const build = async (format) => {
    await rm(cacheDir, {recursive: true, force: true})
    const result = await run([
      'build',
      forumDir,
      '--out',
      out,
      ...(format ? ['--format', format] : []),
      '--verbose',
      '--cache-dir',
      cacheDir
    ])
    const parsed = parsedCount(result.stdout)
    if (parsed !== toParse)
      throw new Error(`Editions of ${size}: ${parsed} files parsed, expected ${toParse} (each file once)`)
    return result
  }
  const htmlJson = await median(runs, () => build('html,json'))
  const scenario = {
    languages: editionLanguages,
    translations,
    parsed: toParse,
    htmlJson: {ms: Math.round(htmlJson.ms), runsMs: htmlJson.runsMs, ...readStages(htmlJson.stdout)}
  }
  if (size <= maxPdfSize) {
    const full = await build(undefined)
    scenario.full = {ms: Math.round(full.ms), ...readStages(full.stdout)}
  }
  return scenario
}

const results = []
for (const size of sizes) {
  const sessions = size >= 2000 ? 20 : 10
  const forumDir = path.join(work, `forum-${size}`)
  if (!existsSync(path.join(forumDir, 'forum.md'))) {
    await rm(forumDir, {recursive: true, force: true})
    await generateForum(forumDir, {sessions, contributions: size, seed: 2026})
  }
  const out = path.join(work, `out-${size}`)
  const cacheDir = path.join(work, `cache-${size}`)
  const htmlJson = await median(runs, async () => {
    await rm(cacheDir, {recursive: true, force: true})
    return run([
      'build',
      forumDir,
      '--out',
      out,
      '--format',
      'html,json',
      '--verbose',
      '--cache-dir',
      cacheDir
    ])
  })
  const row = {
    contributions: size,
    sessions,
    htmlJson: {ms: Math.round(htmlJson.ms), runsMs: htmlJson.runsMs, ...readStages(htmlJson.stdout)}
  }
  // A rebuild after one contribution was edited, with the cache the last cold build left.
  const edited = path.join(forumDir, 'contributions/session-01/c00000.md')
  const original = await readFile(edited, 'utf8')
  const cached = await median(runs, async (index) => {
    await writeFile(edited, original.replace(/^title: (.*)$/m, `title: $1 (edited ${index})`))
    return run([
      'build',
      forumDir,
      '--out',
      out,
      '--format',
      'html,json',
      '--verbose',
      '--cache-dir',
      cacheDir
    ])
  })
  await writeFile(edited, original)
  row.cachedRebuild = {ms: Math.round(cached.ms), runsMs: cached.runsMs, ...readStages(cached.stdout)}
  // The same after an edit of the contribution's text alone, the edit a rapporteur makes most.
  const textEdited = await median(runs, async (index) => {
    await writeFile(
      edited,
      `${original.trimEnd()}\n\nOne more sentence, written after the last build (${index}).\n`
    )
    return run([
      'build',
      forumDir,
      '--out',
      out,
      '--format',
      'html,json',
      '--verbose',
      '--cache-dir',
      cacheDir
    ])
  })
  await writeFile(edited, original)
  row.textRebuild = {
    ms: Math.round(textEdited.ms),
    runsMs: textEdited.runsMs,
    ...readStages(textEdited.stdout)
  }
  if (size <= maxPdfSize) {
    // Bare Chromium's prints, just before the tool's own: on a shared machine, the nearer in time, the fairer the comparison.
    const raw = await rawPrints(forumDir, size <= maxWholeSize)
    if (raw.wholeMs !== undefined) row.rawPrintMs = Math.round(raw.wholeMs)
    row.rawPiecesMs = Math.round(raw.piecesMs)
    // A cold full build, then the same after one contribution's title was edited: the cache then holds the printed pieces.
    await rm(cacheDir, {recursive: true, force: true})
    const full = await run(['build', forumDir, '--out', out, '--verbose', '--cache-dir', cacheDir])
    row.full = {
      ms: Math.round(full.ms),
      ...readStages(full.stdout),
      printing: printingOf(full.stdout),
      parts: partsOf(full.stdout)
    }
    await writeFile(edited, original.replace(/^title: (.*)$/m, 'title: $1 (edited again)'))
    const rebuilt = await run(['build', forumDir, '--out', out, '--verbose', '--cache-dir', cacheDir])
    await writeFile(edited, original)
    row.pdfRebuild = {
      ms: Math.round(rebuilt.ms),
      ...readStages(rebuilt.stdout),
      printing: printingOf(rebuilt.stdout),
      parts: partsOf(rebuilt.stdout)
    }
    if (size <= maxShiftSize) {
      // An edit that lengthens the first session by pages: every later piece's page numbers move.
      await writeFile(edited, `${original}\n${original.split('\n---\n')[1].repeat(3)}`)
      const shifted = await run(['build', forumDir, '--out', out, '--verbose', '--cache-dir', cacheDir])
      await writeFile(edited, original)
      row.pdfShiftRebuild = {
        ms: Math.round(shifted.ms),
        ...readStages(shifted.stdout),
        printing: printingOf(shifted.stdout),
        parts: partsOf(shifted.stdout)
      }
    }
  }
  row.serveRebuildMs = Math.round(await serveRebuild(forumDir))
  // A failure here (3 editions write three times the files) is reported in its row, not lost with the others.
  row.editions = await editionsScenario(size, sessions).catch((error) => ({
    languages: editionLanguages,
    error: String(error.message).split('\n').slice(0, 2).join(' ')
  }))
  results.push(row)
  console.log(`${size}: done`)
}

const found = await findBrowser()
machine.chromium = found
  ? execFileSync(found.executablePath, ['--version'], {encoding: 'utf8'}).trim()
  : undefined
await writeFile(
  path.join(repo, 'bench/results.json'),
  JSON.stringify({date: new Date().toISOString().slice(0, 10), machine, results}, null, 2) + '\n'
)

const table = [
  [
    'contributions',
    'html+json s',
    'parse s',
    'cached s',
    'text edit s',
    'html s',
    'search s',
    'search ms/c',
    'peak MB',
    'full build s',
    'pdf s',
    'citable s',
    'parts s',
    'parts after s',
    'pdf rebuild s',
    'pages moved s',
    'pages',
    'raw whole s',
    'raw pieces s',
    'serve edit ms'
  ]
]
for (const row of results) {
  const seconds = (ms) => (ms === undefined ? '–' : (ms / 1000).toFixed(1))
  table.push([
    row.contributions,
    seconds(row.htmlJson.ms),
    seconds(row.htmlJson.stages.parse),
    seconds(row.cachedRebuild.ms),
    seconds(row.textRebuild.ms),
    seconds(row.htmlJson.stages.html),
    // The search index per contribution: flat as the forum grows if indexing stays linear.
    seconds(row.htmlJson.stages.search),
    row.htmlJson.stages.search === undefined
      ? '–'
      : (row.htmlJson.stages.search / row.contributions).toFixed(2),
    row.full?.peakMb ?? row.htmlJson.peakMb ?? '–',
    seconds(row.full?.ms),
    seconds(row.full?.stages.pdf),
    // The contributions' own pages and citation files, rendered after the PDF with its page numbers.
    seconds(row.full?.stages.pages),
    // The contributions' and sessions' own PDFs, cut from the printed pieces.
    seconds(row.full?.stages.parts),
    // Of that, the time the parts ran after the printing ended: what they add to the build.
    seconds(row.full?.partsAfterPrintingMs),
    seconds(row.pdfRebuild?.ms),
    seconds(row.pdfShiftRebuild?.ms),
    row.full?.pages ?? '–',
    seconds(row.rawPrintMs),
    seconds(row.rawPiecesMs),
    row.serveRebuildMs
  ])
}
for (const line of table)
  console.log(line.map((cell, index) => String(cell).padStart(index ? 13 : 13)).join(' '))
// The editions scenario against the one-language build of the same forum: what each extra edition costs.
const editionsTable = [
  [
    'contributions',
    'editions',
    'translations',
    'files parsed',
    'html+json s',
    '1 lang s',
    '+s/edition',
    'parse s',
    'full build s',
    '1 lang s',
    '+s/edition',
    'pdf s',
    'pages'
  ]
]
for (const row of results) {
  const seconds = (ms) => (ms === undefined ? '–' : (ms / 1000).toFixed(1))
  const editions = row.editions
  if (editions.error) {
    editionsTable.push([row.contributions, editions.languages.join(','), `failed: ${editions.error}`])
    continue
  }
  const extra = editions.languages.length - 1
  const perEdition = (many, one) =>
    many === undefined || one === undefined ? undefined : (many - one) / extra
  editionsTable.push([
    row.contributions,
    editions.languages.join(','),
    editions.translations,
    editions.parsed,
    seconds(editions.htmlJson.ms),
    seconds(row.htmlJson.ms),
    seconds(perEdition(editions.htmlJson.ms, row.htmlJson.ms)),
    seconds(editions.htmlJson.stages.parse),
    seconds(editions.full?.ms),
    seconds(row.full?.ms),
    seconds(perEdition(editions.full?.ms, row.full?.ms)),
    seconds(editions.full?.stages.pdf),
    editions.full?.pages ?? '–'
  ])
}
console.log('')
for (const line of editionsTable) console.log(line.map((cell) => String(cell).padStart(13)).join(' '))
console.log(
  `\n${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GB, ${machine.node}, ${machine.chromium ?? 'no browser'}; written to bench/results.json`
)
