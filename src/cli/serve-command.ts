import {spawn} from 'node:child_process'
import {Command, Option} from 'commander'
import {ExitCode, UserError} from '../errors.js'
import {forumDirHelp, locateForum} from './locate-forum.js'
import {formatMessages, summarize, type Output} from './report.js'
import {terminalText} from './terminal-text.js'

interface ServeFlags {
  port: number
  open: boolean
  pdf: boolean
  drafts: boolean
  templates?: string
  chrome?: string
}

export function serveCommand(output: Output, signal: AbortSignal): Command {
  return new Command('serve')
    .description('serve the HTML on 127.0.0.1 and rebuild it, with live reload, on every change')
    .argument('[dir]', forumDirHelp)
    .addOption(
      new Option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)').default(4000).argParser(parsePort)
    )
    .option('--open', 'open the site in the default browser', false)
    .option('--pdf', 'also print /proceedings.pdf after every change (in the background)', false)
    .option('--drafts', 'include contributions marked `draft: true`', false)
    .option('--templates <dir>', 'folder of template overrides')
    .option('--chrome <path>', 'Chrome or Chromium executable for the PDF')
    .action(async (dirArgument: string | undefined, flags: ServeFlags) => {
      const {dir} = locateForum(dirArgument)
      const {serve} = await import('../serve/serve.js')
      const running = await serve({
        contentDir: dir,
        port: flags.port,
        drafts: flags.drafts,
        templates: flags.templates,
        chrome: flags.chrome,
        pdf: flags.pdf,
        onRebuild: ({files, ok, ms, parsed}) => {
          const lines = formatMessages(files, output.color)
          if (lines.length) output.err(lines.join('\n'))
          if (ok)
            output.out(
              `Rebuilt in ${Math.round(ms)} ms (${parsed} ${parsed === 1 ? 'file' : 'files'} parsed)${lines.length ? `; ${summarize(files)}` : ''}`
            )
          else output.err(`${summarize(files)}: still serving the last good pages`)
        },
        onError: (error) =>
          output.err(`proceedings: ${terminalText(error instanceof Error ? error.message : String(error))}`)
      })
      output.out(`Serving ${dir} at ${running.url} (Ctrl-C to stop)`)
      if (flags.open) openInBrowser(running.url)
      // Ctrl-C may come while the first build runs, before anything listens for it.
      if (!signal.aborted)
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), {once: true}))
      await running.close()
    })
}

function parsePort(value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UserError(`Invalid --port \`${value}\`, expected a number from 0 to 65535`, {
      exitCode: ExitCode.usage
    })
  return port
}

function openInBrowser(url: string) {
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open'
  const child = spawn(command, [url], {stdio: 'ignore', detached: true})
  child.on('error', () => undefined)
  child.unref()
}
