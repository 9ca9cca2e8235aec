import {styleText} from 'node:util'
import type {VFile} from '../content/content-file.js'
import {countMessages} from '../core/diagnostics.js'
import {displayPath} from '../util/display-path.js'
import {terminalJson, terminalText} from './terminal-text.js'

export interface Output {
  /** Results and progress logs: standard output. */
  out: (text: string) => void
  /** Problems: standard error. */
  err: (text: string) => void
  /** A progress line redrawn in place, on standard error's terminal. */
  status: (text: string) => void
  color: boolean
}

/** Colour only for a terminal, and never with NO_COLOR. */
export function useColor(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb'
}

/**
 * Formats every message as `path:line:column: severity message [rule]`, path
 * relative to the current folder, with the hint on an indented line below.
 * Files in order, messages by position.
 */
export function formatMessages(files: VFile[], color: boolean): string[] {
  const paint = (format: Parameters<typeof styleText>[0], text: string) =>
    color ? styleText(format, text) : text
  const lines: string[] = []
  for (const file of files) {
    const messages = [...file.messages].sort(
      (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)
    )
    for (const message of messages) {
      const where = `${terminalText(displayPath(file.path))}:${message.line ?? 1}:${message.column ?? 1}`
      const severity = message.fatal
        ? paint('red', 'error')
        : message.fatal === false
          ? paint('yellow', 'warning')
          : 'info'
      const rule = message.ruleId ? ' ' + paint('dim', `[${terminalText(message.ruleId)}]`) : ''
      lines.push(`${where}: ${severity} ${terminalText(message.reason)}${rule}`)
      if (message.note) lines.push(`  ${paint('dim', 'hint:')} ${terminalText(message.note)}`)
    }
  }
  return lines
}

/**
 * Every message as JSON, for CI and editors: `{files, errors, warnings,
 * messages: [{file, line, column, severity, rule, message, hint}]}`.
 */
export function formatJson(files: VFile[]): string {
  const {errors, warnings} = countMessages(files)
  const messages = files.flatMap((file) =>
    [...file.messages]
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
      .map((message) => ({
        file: displayPath(file.path),
        line: message.line ?? 1,
        column: message.column ?? 1,
        severity: message.fatal ? 'error' : message.fatal === false ? 'warning' : 'info',
        rule: message.ruleId ?? null,
        message: message.reason,
        hint: message.note ?? null
      }))
  )
  return terminalJson({files: files.length, errors, warnings, messages})
}

/** One line counting problems, such as `2 errors, 1 warning in 16 files`. */
export function summarize(files: VFile[]): string {
  const {errors, warnings} = countMessages(files)
  const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`
  const found =
    errors + warnings === 0
      ? 'no problems'
      : [errors && plural(errors, 'error'), warnings && plural(warnings, 'warning')]
          .filter(Boolean)
          .join(', ')
  return `${found} in ${plural(files.length, 'file')}`
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
