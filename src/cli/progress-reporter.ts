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
  // Stages may run side by side (the search index, the parts beside the printing): the line shows the last started
  // of those still running, and comes back to another when one ends.
  const running = new Map<Stage, string>()
  const show = () => redraw([...running.values()].at(-1) ?? '')
  return (event) => {
    if (event.type === 'start') {
      running.delete(event.stage)
      running.set(event.stage, `${names[event.stage]}…`)
    } else if (event.type === 'advance') {
      running.delete(event.stage)
      running.set(
        event.stage,
        `${names[event.stage]} ${bar(event.done / event.total)} ${event.done}/${event.total}${event.detail ? ` ${event.detail}` : ''}`
      )
    } else {
      running.delete(event.stage)
      redraw('')
      if (options.verbosity === 'verbose')
        output.out(terminalText(`${event.stage}: ${event.detail} (${Math.round(event.ms)} ms)`))
    }
    show()
  }
}

function bar(fraction: number): string {
  const width = 24
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width)
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`
}
