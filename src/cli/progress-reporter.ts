import type {ProgressListener, Stage} from '../core/progress.js'
import type {Output} from './report.js'
import {terminalText} from './terminal-text.js'

const names: Record<Stage, string> = {
  load: 'Reading',
  parse: 'Parsing',
  html: 'Rendering HTML',
  search: 'Indexing for search',
  json: 'Writing JSON',
  pdf: 'Printing PDF',
  parts: 'Cutting the PDFs of contributions and sessions',
  pages: 'Rendering contribution pages and citations',
  write: 'Writing output'
}

export type Verbosity = 'quiet' | 'normal' | 'verbose'

/**
 * Shows a build's progress: on a terminal, one line redrawn in place with a
 * bar while parsing; elsewhere (a pipe, CI), one plain line per finished
 * stage. Nothing with `--quiet`.
 */
export function progressReporter(
  output: Output,
  options: {terminal: boolean; verbosity: Verbosity}
): ProgressListener | undefined {
  if (options.verbosity === 'quiet') return undefined
  if (!options.terminal) {
    return (event) => {
      if (event.type === 'done')
        output.out(terminalText(`${event.stage}: ${event.detail} (${Math.round(event.ms)} ms)`))
    }
  }
  const redraw = (text: string) => output.status(`\r\u001b[K${terminalText(text)}`)
  return (event) => {
    if (event.type === 'start') redraw(`${names[event.stage]}…`)
    else if (event.type === 'advance')
      redraw(
        `${names[event.stage]} ${bar(event.done / event.total)} ${event.done}/${event.total}${event.detail ? ` ${event.detail}` : ''}`
      )
    else {
      redraw('')
      if (options.verbosity === 'verbose')
        output.out(terminalText(`${event.stage}: ${event.detail} (${Math.round(event.ms)} ms)`))
    }
  }
}

function bar(fraction: number): string {
  const width = 24
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width)
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`
}
