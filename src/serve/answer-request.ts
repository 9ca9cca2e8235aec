import type {IncomingMessage, ServerResponse} from 'node:http'
import {contentSecurityPolicy, siteDirectives} from '../render/content-security-policy.js'
import {contentType} from '../render/content-type.js'
import {searchFolder} from '../render/html/index-search.js'
import {fileContents, type OutputFile} from '../util/output-file.js'
import type {ServedFile} from './render-editions.js'
import {ChangedFileError} from '../util/read-regular-file.js'
import {checkRequest} from './check-request.js'
import {clientScript, clientScriptPath, eventsPath, withClientScript, type LiveReload} from './live-reload.js'
import {findPage, notFoundPage, problemsPage} from './problems-page.js'

/** What the preview serves, as the last rebuild left it: read at each use, as a rebuild may come in between. */
export interface Served {
  port: number
  live: LiveReload
  /** The site's files by path (`/index.html`), some made when first asked for, and the search index's. */
  site: Map<string, ServedFile>
  searchFiles: Map<string, OutputFile>
  /** Whether a build has succeeded: the PDF needs proceedings. */
  built: boolean
  /** The PDF of the latest good build, printed if need be. */
  pdf: () => Promise<Uint8Array | undefined>
  /** Resolves once the search index of the latest good build is made. */
  indexed: () => Promise<void>
}

/**
 * Answers one request of the preview: the live-reload stream and script,
 * the PDF, the site's files and the search index, each with its type and
 * policy; a request from elsewhere is refused (`check-request.ts`), and a
 * missing page shows the forum's errors while it has some.
 */
export async function answerRequest(
  served: Served,
  request: IncomingMessage,
  response: ServerResponse
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1')
  let pathname: string
  try {
    pathname = decodeURIComponent(url.pathname)
  } catch {
    return void text(response, 400, 'Bad request: malformed percent-escape in the path')
  }
  const {live} = served
  const refused = checkRequest(request, served.port, pathname)
  if (refused) return void text(response, refused.status, refused.message, refused.headers)
  if (pathname === eventsPath)
    return request.method === 'HEAD'
      ? void response.writeHead(200, {...guarded, 'content-type': 'text/event-stream'}).end()
      : live.connect(response)
  if (pathname === clientScriptPath)
    return void response
      .writeHead(200, {
        ...guarded,
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'no-store'
      })
      .end(clientScript)
  if (pathname.endsWith('/')) pathname += 'index.html'
  if (pathname === '/proceedings.pdf') {
    if (!served.built) return void text(response, 503, 'The content has errors: see the terminal.')
    const pdf = await served.pdf()
    return void response
      .writeHead(200, {...guarded, 'content-type': 'application/pdf', 'cache-control': 'no-store'})
      .end(pdf)
  }
  // The search index of the first edition, or of another one under its folder (`/es/pagefind/…`).
  if (new RegExp(`^/(?:[^/]+/)?${searchFolder}/`).test(pathname)) await served.indexed()
  const found = findPage(served.site, pathname) ?? findPage(served.searchFiles, pathname)
  if (!found) return sendMissing(live, response, pathname)
  pathname = found.pathname
  const file = found.file
  let body: string | Uint8Array
  try {
    body = 'make' in file ? await file.make() : await fileContents(file)
  } catch (error) {
    // An image changed since the last rebuild: the watcher has seen it, and the next rebuild judges it again.
    if (error instanceof ChangedFileError) return void text(response, 503, error.message)
    // A page made when asked for that a template of the forum's own fails to render: the error shows as a rebuild's.
    if ('make' in file)
      return sendPage(response, 500, problemsPage([error instanceof Error ? error.message : String(error)]))
    throw error
  }
  const type = contentType(pathname)
  const html = type.startsWith('text/html')
  // Pages run only the site's own scripts and the live-reload script; anything else (an image opened alone) runs none.
  // A script's own policy binds it when it runs as a worker, as Pagefind's does: it fetches the index from the site.
  const policy = html
    ? servedPolicy
    : type.startsWith('text/javascript')
      ? workerPolicy
      : "default-src 'none'; style-src 'unsafe-inline'"
  response.writeHead(200, {
    ...guarded,
    'content-type': type,
    'cache-control': 'no-store',
    'content-security-policy': policy
  })
  response.end(html ? withClientScript(String(body)) : body)
}

/** A page the site lacks: the forum's errors while it has some (a first build that failed has no pages), else a 404. */
function sendMissing(live: LiveReload, response: ServerResponse, pathname: string) {
  const problems = live.problems
  sendPage(response, problems ? 503 : 404, problems ? problemsPage([...problems]) : notFoundPage(pathname))
}

/** A page of the preview's own (the forum's errors, a missing page), with the live-reload script. */
function sendPage(response: ServerResponse, status: number, html: string) {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    ...guarded,
    'content-security-policy': servedPolicy
  })
  response.end(withClientScript(html))
}

/**
 * Sent with every answer: no type guessing, and no other site may embed what
 * the server serves (its pages, images or JSON); no CORS header is ever sent,
 * so no other site's script may read it either.
 */
const guarded = {'x-content-type-options': 'nosniff', 'cross-origin-resource-policy': 'same-origin'}

/** The site's policy, as a header, which may also forbid framing the preview. */
const servedPolicy = contentSecurityPolicy({...siteDirectives, 'frame-ancestors': ["'none'"]})
const workerPolicy = contentSecurityPolicy({
  'default-src': ["'self'"],
  'script-src': siteDirectives['script-src']!
})

export function text(
  response: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {}
) {
  response
    .writeHead(status, {
      ...guarded,
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      ...headers
    })
    .end(message + '\n')
}
