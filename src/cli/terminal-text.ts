/**
 * Characters a terminal or a CI log acts on rather than shows: C0 controls
 * (ESC starts colour, cursor and OSC 52 clipboard sequences; CR redraws a
 * line; LF starts one, where GitHub Actions reads `::error::` commands), DEL,
 * C1 controls (U+009B is a one-character ESC [), and the Unicode line and
 * paragraph separators, which some viewers break lines at.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const actedOn = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/gu

const named: Record<string, string> = {'\n': '\\n', '\r': '\\r', '\u001b': '\\e'}

/**
 * A string from content (a message, a hint, a file name, a title) made safe
 * to print on one line of a terminal or a CI log: every character above is
 * shown as an escape (`\e`, `\n`, `\u009b`) instead of acting. Every reporter
 * (text, JSON, GitHub) passes what it prints through it.
 */
export function terminalText(text: string): string {
  return text.replace(
    actedOn,
    (character) => named[character] ?? `\\u${character.codePointAt(0)!.toString(16).padStart(4, '0')}`
  )
}

/** What JSON.stringify leaves as it is of the characters above: it escapes C0 controls itself. */
const actedOnInJson = /[\u007f-\u009f\u2028\u2029]/gu

/** JSON for a terminal or a CI log: every character above written as `\uXXXX`, which keeps every value the same. */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    actedOnInJson,
    (character) => `\\u${character.codePointAt(0)!.toString(16).padStart(4, '0')}`
  )
}
