import {displayPath} from '../util/display-path.js'
import {Command, Option} from 'commander'
import {build, formats, type BuildResult, type Format} from '../core/build.js'
import {hasBlockingMessages} from '../core/diagnostics.js'
import {ExitCode, UserError} from '../errors.js'
import {jobsOption} from './jobs-option.js'
import {forumDirHelp, inProject, locateForum} from './locate-forum.js'
import {progressReporter, type Verbosity} from './progress-reporter.js'
import {formatBytes, formatMessages, summarize, type Output} from './report.js'
import {terminalText} from './terminal-text.js'
import {count} from '../util/count.js'

interface BuildFlags {
  out?: string
  format: Format[]
  drafts: boolean
  strict: boolean
  chrome?: string
  templates?: string
  printTimeout: number
  quiet: boolean
  verbose: boolean
  cache: boolean
  cacheDir?: string
  jobs: number
}

export function buildCommand(
  output: Output,
  setExitCode: (code: number) => void,
  signal: AbortSignal
): Command {
  return new Command('build')
    .description('build the proceedings (HTML site, PDF, JSON) from a forum folder')
    .argument('[dir]', forumDirHelp)
    .option(
      '-o, --out <dir>',
      "output folder, replaced as a whole when the build succeeds (default: dist/ in the forum's project)"
    )
    .addOption(
      new Option('--format <list>', 'formats to write, comma-separated: html, pdf, json')
        .default([...formats], 'html,pdf,json')
        .argParser(parseFormats)
    )
    .option('--drafts', 'include contributions marked `draft: true`', false)
    .option('--strict', 'treat warnings as errors', false)
    .option('--chrome <path>', 'Chrome or Chromium executable for the PDF')
    .option('--templates <dir>', 'folder of template overrides')
    .addOption(
      new Option(
        '--print-timeout <seconds>',
        'seconds a PDF print may take before the browser is taken for hung'
      )
        .default(300)
        .argParser(parseSeconds)
    )
    .option(
      '--cache-dir <dir>',
      "where parsed files are kept between builds (default: .proceedings-cache/ in the forum's project)"
    )
    .option('--no-cache', 'parse every file, neither reading nor writing the cache')
    .addOption(jobsOption('threads that parse and browsers that print the PDF'))
    .option('-q, --quiet', 'print only problems', false)
    .option('--verbose', 'print every stage with its time, and the pages of each session', false)
    .action(async (dirArgument: string | undefined, flags: BuildFlags) => {
      const started = performance.now()
      const {dir, projectDir} = locateForum(dirArgument)
      const verbosity: Verbosity = flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal'
      const terminal = Boolean(process.stderr.isTTY) && !process.env.CI
      const result = await build({
        contentDir: dir,
        outDir: inProject(projectDir, flags.out, 'dist'),
        formats: flags.format,
        drafts: flags.drafts,
        strict: flags.strict,
        chrome: flags.chrome,
        templates: flags.templates,
        printTimeoutMs: flags.printTimeout * 1000,
        signal,
        onProgress: progressReporter(output, {terminal, verbosity}),
        cacheDir: flags.cache ? inProject(projectDir, flags.cacheDir, '.proceedings-cache') : false,
        jobs: flags.jobs
      })
      const lines = formatMessages(result.files, output.color)
      if (lines.length) output.err(lines.join('\n'))
      if (!result.written) {
        const blocked = hasBlockingMessages(result.files, flags.strict)
        output.err(`${summarize(result.files)}${blocked ? ': nothing written' : ''}`)
        setExitCode(ExitCode.content)
        return
      }
      if (lines.length) output.err(summarize(result.files))
      if (verbosity !== 'quiet')
        output.out(
          buildSummary(result, performance.now() - started, verbosity === 'verbose')
            .map(terminalText)
            .join('\n')
        )
    })
}

/** What a rapporteur wants to know after a build: what is in it, which questions nobody answered, sizes, time. */
export function buildSummary(result: BuildResult, ms: number, verbose: boolean): string[] {
  const summary = result.summary!
  const where = displayPath(result.outDir)
  const lines = [
    `Built ${count(summary.sessions, 'session')}, ${count(summary.contributions, 'contribution')} into ${where}/ in ${(ms / 1000).toFixed(1)}s`
  ]
  const main = result.outputs
    .filter((file) => /^(index\.html|proceedings\.(?:[\w-]+\.)?pdf|proceedings\.json)$/.test(file.path))
    .sort((a, b) => a.path.localeCompare(b.path))
  for (const file of main) {
    const pages = file.path === 'proceedings.pdf' && summary.pdf ? `  ${summary.pdf.pages} pages` : ''
    lines.push(`  ${file.path.padEnd(21)}${formatBytes(file.bytes).padStart(9)}${pages}`)
  }
  const others = result.outputs.length - main.length
  if (others) lines.push(`  and ${others} more files (pages, styles, images)`)
  if (verbose && summary.pdf) {
    for (const session of summary.pdf.sessions)
      lines.push(`  ${session.id}: pages ${session.first}–${session.last}`)
  }
  if (verbose) lines.push(`Peak memory: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`)
  for (const large of summary.largePdfs ?? [])
    lines.push(
      `Warning: ${large.path} is ${formatBytes(large.bytes)}, larger than the 5 MB Google Scholar takes: make its images smaller`
    )
  if (summary.unanswered.length) {
    lines.push('Questions without contributions:')
    for (const {session, questions} of summary.unanswered) lines.push(`  ${session}: ${questions.join(', ')}`)
  }
  if (summary.editions.length > 1) {
    lines.push('Editions:')
    for (const {language, pdf, untranslated, outOfDate} of summary.editions) {
      const parts = [`${language}${pdf ? ` (${pdf})` : ''}`]
      parts.push(
        untranslated.length ? `${untranslated.length} not translated` : 'every contribution in its language'
      )
      if (outOfDate.length) parts.push(`${outOfDate.length} out of date`)
      lines.push(`  ${parts.join(', ')}`)
      for (const [label, sources] of [
        ['not translated', untranslated],
        ['out of date', outOfDate]
      ] as const) {
        if (sources.length === 0) continue
        const shown = sources.slice(0, 5).join(', ')
        lines.push(`    ${label}: ${shown}${sources.length > 5 ? `, and ${sources.length - 5} more` : ''}`)
      }
    }
  }
  return lines
}

function parseSeconds(value: string): number {
  const seconds = Number(value)
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new UserError(`Invalid --print-timeout \`${value}\`, expected a number of seconds`)
  return seconds
}

function parseFormats(value: string): Format[] {
  const list = value
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean)
  const unknown = list.filter((item) => !(formats as readonly string[]).includes(item))
  if (unknown.length || list.length === 0) {
    throw new UserError(
      `Unknown format \`${unknown.join(', ') || value}\`, expected a comma-separated list of: ${formats.join(', ')}`
    )
  }
  return [...new Set(list)] as Format[]
}
