import path from 'node:path'
import {Command, Option} from 'commander'
import {build, formats, type Format} from '../core/build.js'
import {hasBlockingMessages} from '../core/diagnostics.js'
import {ExitCode, UserError} from '../errors.js'
import {formatBytes, formatMessages, summarize, type Output} from './report.js'

interface BuildFlags {
  out: string
  format: Format[]
  drafts: boolean
  strict: boolean
  chrome?: string
  templates?: string
  printTimeout: number
}

export function buildCommand(output: Output, setExitCode: (code: number) => void, signal: AbortSignal): Command {
  return new Command('build')
    .description('build the proceedings (HTML site, PDF, JSON) from a forum folder')
    .argument('[dir]', 'forum folder with forum.md, sessions/ and contributions/', 'content')
    .option('-o, --out <dir>', 'output folder, replaced as a whole when the build succeeds', 'dist')
    .addOption(new Option('--format <list>', 'formats to write, comma-separated: html, pdf, json')
      .default([...formats], 'html,pdf,json')
      .argParser(parseFormats))
    .option('--drafts', 'include contributions marked `draft: true`', false)
    .option('--strict', 'treat warnings as errors', false)
    .option('--chrome <path>', 'Chrome or Chromium executable for the PDF')
    .option('--templates <dir>', 'folder of template overrides')
    .addOption(new Option('--print-timeout <seconds>', 'seconds a PDF print may take before the browser is taken for hung')
      .default(300).argParser(parseSeconds))
    .action(async (dir: string, flags: BuildFlags) => {
      const started = performance.now()
      const result = await build({contentDir: dir, outDir: flags.out, formats: flags.format, drafts: flags.drafts,
        strict: flags.strict, chrome: flags.chrome, templates: flags.templates, printTimeoutMs: flags.printTimeout * 1000,
        signal})
      const lines = formatMessages(result.files, output.color)
      if (lines.length) output.err(lines.join('\n'))
      if (!result.written) {
        const blocked = hasBlockingMessages(result.files, flags.strict)
        output.err(`${summarize(result.files)}${blocked ? ': nothing written' : ''}`)
        setExitCode(ExitCode.content)
        return
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(1)
      const where = path.relative(process.cwd(), result.outDir) || '.'
      const main = result.outputs.filter((file) => /^(index\.html|proceedings\.(pdf|json))$/.test(file.path))
      output.out(`Built ${result.sessions} sessions, ${result.contributions} contributions into ${where}/ in ${seconds}s`)
      for (const file of main) output.out(`  ${file.path}  ${formatBytes(file.bytes)}`)
      const {length} = result.outputs.filter((file) => !main.includes(file))
      if (length) output.out(`  and ${length} more files (pages, styles, images)`)
      if (lines.length) output.err(summarize(result.files))
    })
}

function parseSeconds(value: string): number {
  const seconds = Number(value)
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UserError(`Invalid --print-timeout \`${value}\`, expected a number of seconds`)
  return seconds
}

function parseFormats(value: string): Format[] {
  const list = value.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean)
  const unknown = list.filter((item) => !(formats as readonly string[]).includes(item))
  if (unknown.length || list.length === 0) {
    throw new UserError(`Unknown format \`${unknown.join(', ') || value}\`, expected a comma-separated list of: ${formats.join(', ')}`)
  }
  return [...new Set(list)] as Format[]
}
