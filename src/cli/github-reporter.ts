import path from 'node:path'
import type {VFile} from '../content/content-file.js'
import {displayPath} from '../util/display-path.js'
import {terminalText} from './terminal-text.js'

/**
 * Every message as a GitHub Actions workflow command, so that it shows on
 * the pull request's line: `::error file=…,line=…,col=…,title=rule::message`.
 * Warnings are `::warning`, other messages `::notice`; the hint follows the
 * message on a line of its own. In a workflow, files are named from the
 * repository's root (GITHUB_WORKSPACE), as GitHub places annotations, whatever
 * folder the check runs in.
 */
export function formatGithub(files: VFile[]): string[] {
  const lines: string[] = []
  for (const file of files) {
    const messages = [...file.messages].sort(
      (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)
    )
    for (const message of messages) {
      const command = message.fatal ? 'error' : message.fatal === false ? 'warning' : 'notice'
      const properties = [
        `file=${escapeProperty(terminalText(annotatedPath(file.path)))}`,
        `line=${message.line ?? 1}`,
        `col=${message.column ?? 1}`,
        ...(message.ruleId ? [`title=${escapeProperty(terminalText(message.ruleId))}`] : [])
      ]
      const text = message.note
        ? `${terminalText(message.reason)}\nhint: ${terminalText(message.note)}`
        : terminalText(message.reason)
      lines.push(`::${command} ${properties.join(',')}::${escapeData(text)}`)
    }
  }
  return lines
}

/** GitHub's escaping of a command's message: `%`, carriage return and line feed. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** GitHub's escaping of a command's property value: as a message's, and `:` and `,` too. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** A file's path from the workflow's checkout, or as the terminal shows it outside one. */
function annotatedPath(file: string): string {
  const workspace = process.env.GITHUB_WORKSPACE
  if (!workspace) return displayPath(file)
  const relative = path.relative(path.resolve(workspace), path.resolve(file))
  return relative.startsWith('..') || path.isAbsolute(relative)
    ? displayPath(file)
    : relative.split(path.sep).join('/')
}
