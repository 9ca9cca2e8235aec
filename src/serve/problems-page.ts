import {displayPath} from '../util/display-path.js'
import type {VFile} from '../content/content-file.js'
import {escapeHtml} from '../util/escape-html.js'

/** The errors of a rebuild as the terminal shows them: `path:line:column: error message`, with the hint below. */
export function problemLines(files: VFile[]): string[] {
  return files.flatMap((file) =>
    file.messages
      .filter((message) => message.fatal)
      .flatMap((message) => [
        `${displayPath(file.path)}:${message.line ?? 1}:${message.column ?? 1}: error ${message.reason}${message.ruleId ? ` [${message.ruleId}]` : ''}`,
        ...(message.note ? [`  hint: ${message.note}`] : [])
      ])
  )
}

/**
 * The page of the site a URL asks for: the file itself, else, as a static
 * host does, `<url>.html` for an address without its extension and
 * `<url>/index.html` for a folder.
 */
export function findPage<File>(
  site: ReadonlyMap<string, File>,
  pathname: string
): {pathname: string; file: File} | undefined {
  const candidates = pathname.endsWith('/')
    ? [`${pathname}index.html`]
    : [pathname, `${pathname}.html`, `${pathname}/index.html`]
  for (const candidate of candidates) {
    const file = site.get(candidate)
    if (file) return {pathname: candidate, file}
  }
  return undefined
}

/**
 * What the browser shows when the forum has errors and there is no last good
 * page to show instead (the first build failed): the diagnostics, with their
 * hints. The live-reload script, added as to any page, keeps them current and
 * reloads once the forum builds.
 */
export function problemsPage(lines: string[]): string {
  return page(
    'The forum has errors',
    `<h1>The forum has errors</h1>
<p>Fix them and save: this page reloads by itself once the forum builds.</p>
<pre id="proceedings-problems" role="alert">${escapeHtml(lines.join('\n'))}</pre>`
  )
}

/** A page the site does not have; it reloads by itself after each rebuild, in case the page appears. */
export function notFoundPage(pathname: string): string {
  return page(
    'Not found',
    `<h1>Not found</h1>
<p>The site has no page <code>${escapeHtml(pathname)}</code>. <a href="/">Go to the start page</a>.</p>`
  )
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>
<body>
${body}
</body>
</html>
`
}
