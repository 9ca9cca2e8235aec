import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import path from 'node:path'
import {watch, type FSWatcher} from 'chokidar'
import {requireBrowser} from '../browser/find-browser.js'
import type {VFile} from '../content/content-file.js'
import {loadForumTheme} from '../render/theme/load-forum-theme.js'
import {hasBlockingMessages} from '../core/diagnostics.js'
import {loadProceedings} from '../core/load-proceedings.js'
import {ParseCache} from '../core/parse-cache.js'
import {ExitCode, UserError} from '../errors.js'
import type {Proceedings} from '../model/types.js'
import {closeSearchIndexer, indexSearch, searchFolder} from '../render/html/index-search.js'
import {renderSite, SiteMemo} from '../render/html/render-site.js'
import {renderManifest} from '../render/json/render-manifest.js'
import {renderLandingPages} from '../render/html/render-landing-pages.js'
import {citations, renderCitationFiles} from '../render/cite/render-citations.js'
import {CitationStore} from '../render/cite/citation-store.js'
import {fileContents, type OutputFile} from '../util/output-file.js'
import {renderPdf} from '../render/pdf/render-pdf.js'
import type {Theme} from '../render/theme/load-theme.js'
import {clientScript, clientScriptPath, eventsPath, LiveReload, withClientScript} from './live-reload.js'
import {checkRequest} from './check-request.js'
import {contentSecurityPolicy, siteDirectives} from '../render/content-security-policy.js'
import {ChangedFileError} from '../util/read-regular-file.js'
import {contentType} from '../render/content-type.js'
import {findPage, notFoundPage, problemLines, problemsPage} from './problems-page.js'

export interface ServeOptions {
  contentDir: string
  port: number
  drafts?: boolean
  templates?: string
  chrome?: string
  /** Rebuild the PDF after every change too (in the background), not only when it is asked for. */
  pdf?: boolean
  /** Each rebuild, good or bad: the files with their messages, and what it took. */
  onRebuild?: (event: RebuildEvent) => void
  /** A rebuild that could not run (a broken template) or a background PDF print that failed. */
  onError?: (error: unknown) => void
}

export interface RebuildEvent {
  files: VFile[]
  ok: boolean
  ms: number
  /** Files parsed again (the others were unchanged). */
  parsed: number
}

export interface RunningServer {
  url: string
  /** Resolves once the rebuild that follows the latest change has finished. */
  settled(): Promise<void>
  close(): Promise<void>
}

/**
 * Serves a forum's HTML on 127.0.0.1 and rebuilds on every change to its
 * content or templates: only changed files are parsed again, pages reload by
 * themselves, and a rebuild with errors keeps the last good pages served
 * while its diagnostics show over the page. The PDF is printed when asked
 * for (or after each rebuild with `pdf`), never holding up the HTML.
 */
export async function serve(options: ServeOptions): Promise<RunningServer> {
  const contentRoot = path.resolve(options.contentDir)
  const cache = new ParseCache()
  const live = new LiveReload()
  let theme: Theme | undefined
  let memo = new SiteMemo()
  // Citations kept in memory between rebuilds: an edit formats only what it changed.
  const citationStore = await CitationStore.open(undefined, '')
  // What the last rebuild read, and what the watcher has seen change since: the rest is not read again.
  const texts = new Map<string, string>()
  const dirty = new Set<string>()
  let site = new Map<string, OutputFile>()
  let proceedings: Proceedings | undefined
  const pdf: {bytes: Uint8Array | undefined; stale: boolean; printing: Promise<void> | undefined} = {
    bytes: undefined,
    stale: true,
    printing: undefined
  }
  // The search index is made again after each good rebuild, beside the pages: a search waits for the latest one.
  const search: {files: Map<string, OutputFile>; stale: boolean; indexing: Promise<void> | undefined} = {
    files: new Map(),
    stale: true,
    indexing: undefined
  }

  const rebuild = async () => {
    const started = performance.now()
    const before = cache.parsed
    if (!theme) {
      theme = await loadForumTheme(contentRoot, options.templates)
      memo = new SiteMemo()
    }
    const changed = new Set(dirty)
    dirty.clear()
    const loaded = await loadProceedings(contentRoot, {
      drafts: options.drafts,
      cache,
      known: (file) => (changed.has(file) ? undefined : texts.get(file))
    })
    texts.clear()
    for (const file of loaded.files)
      if (!file.messages.some((message) => message.ruleId === 'unreadable-file'))
        texts.set(file.path, String(file.value))
    const ok = Boolean(loaded.proceedings) && !hasBlockingMessages(loaded.files, false)
    if (ok) {
      proceedings = loaded.proceedings!
      const cited = await citations(proceedings, citationStore)
      const files = [
        ...renderSite(proceedings, theme, memo),
        ...(await renderLandingPages(proceedings, theme, {citations: cited, pdf: false}, memo)),
        ...renderCitationFiles(cited),
        renderManifest(proceedings)
      ]
      await citationStore.finish()
      site = new Map(files.map((file) => [`/${file.path}`, file]))
      pdf.stale = true
      search.stale = true
      void indexForSearch().catch((error: unknown) => options.onError?.(error))
      live.send('reload')
      if (options.pdf) void printPdf().catch((error: unknown) => options.onError?.(error))
    } else {
      live.send('problems', problemLines(loaded.files))
    }
    options.onRebuild?.({
      files: loaded.files,
      ok,
      ms: performance.now() - started,
      parsed: cache.parsed - before
    })
  }

  const indexForSearch = async () => {
    for (;;) {
      if (closed) return
      // An index being made is waited for even when no change is pending: it is the one the request needs.
      if (search.indexing) {
        await search.indexing.catch(() => undefined)
        continue
      }
      if (!search.stale || !proceedings) return
      search.stale = false
      const indexing = indexSearch(proceedings).then((files) => {
        search.files = new Map(files.map((file) => [`/${file.path}`, file]))
      })
      search.indexing = indexing
      try {
        await indexing
      } finally {
        search.indexing = undefined
      }
    }
  }

  const printPdf = async () => {
    while (pdf.stale && proceedings && !closed) {
      if (pdf.printing) {
        await pdf.printing
        continue
      }
      pdf.stale = false
      const printing = (async () => {
        const browser = await requireBrowser(options.chrome)
        const printed = await renderPdf(proceedings!, theme!, {
          browser,
          siteFiles: [...site.values()],
          timeoutMs: 5 * 60_000
        })
        if ('contents' in printed.file) pdf.bytes = printed.file.contents as Uint8Array
      })()
      pdf.printing = printing
      try {
        await printing
      } catch (error) {
        pdf.stale = true
        throw error
      } finally {
        pdf.printing = undefined
      }
    }
  }

  // Changes come in bursts (an editor's atomic save is a write and a rename): one rebuild per burst, one at a time.
  let running: Promise<void> = Promise.resolve()
  // Set once `close` is called: no rebuild, index or print starts after it.
  let closed = false
  let timer: NodeJS.Timeout | undefined
  let pending: Promise<void> = Promise.resolve()
  const burst = {reloadTheme: false, clearCache: false}
  const schedule = (reloadTheme: boolean, clearCache: boolean) => {
    burst.reloadTheme ||= reloadTheme
    burst.clearCache ||= clearCache
    clearTimeout(timer)
    pending = new Promise((resolve) => {
      timer = setTimeout(() => {
        running = running.then(async () => {
          if (closed) return
          if (burst.reloadTheme) theme = undefined
          if (burst.clearCache) {
            cache.clear()
            texts.clear()
          }
          burst.reloadTheme = burst.clearCache = false
          await rebuild().catch((error: unknown) => {
            live.send('problems', [String(error instanceof Error ? error.message : error)])
            options.onError?.(error)
          })
        })
        void running.then(resolve)
      }, 40)
    })
  }

  await rebuild()
  const watched = [contentRoot, ...(options.templates ? [path.resolve(options.templates)] : [])]
  const watcher: FSWatcher = watch(watched, {
    ignoreInitial: true,
    atomic: true,
    ignored: (file) => path.basename(file).startsWith('.') && file !== contentRoot
  })
  // Changes made before the watcher has seen the whole tree would go unnoticed.
  await new Promise<void>((resolve) => watcher.once('ready', resolve))
  watcher.on('all', (_event, file) => {
    dirty.add(path.resolve(file))
    const inTemplates =
      file.startsWith(path.join(contentRoot, 'templates') + path.sep) ||
      (options.templates !== undefined && file.startsWith(path.resolve(options.templates)))
    // A new, changed or removed image changes what the Markdown that uses it resolves to.
    schedule(inTemplates, !inTemplates && !file.toLowerCase().endsWith('.md'))
  })

  const server = createServer((request, response) => {
    void answer(request, response).catch((error: unknown) => text(response, 500, String(error)))
  })

  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    let pathname: string
    try {
      pathname = decodeURIComponent(url.pathname)
    } catch {
      return void text(response, 400, 'Bad request: malformed percent-escape in the path')
    }
    const refused = checkRequest(request, (server.address() as AddressInfo).port, pathname)
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
      if (!proceedings) return void text(response, 503, 'The content has errors: see the terminal.')
      await printPdf()
      return void response
        .writeHead(200, {...guarded, 'content-type': 'application/pdf', 'cache-control': 'no-store'})
        .end(pdf.bytes)
    }
    if (pathname.startsWith(`/${searchFolder}/`)) await indexForSearch()
    const found = findPage(site, pathname) ?? findPage(search.files, pathname)
    if (!found) return sendMissing(response, pathname)
    pathname = found.pathname
    const file = found.file
    let body: string | Uint8Array
    try {
      body = await fileContents(file)
    } catch (error) {
      // An image changed since the last rebuild: the watcher has seen it, and the next rebuild judges it again.
      if (error instanceof ChangedFileError) return void text(response, 503, error.message)
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
  const sendMissing = (response: ServerResponse, pathname: string) => {
    const problems = live.problems
    const html = problems ? problemsPage([...problems]) : notFoundPage(pathname)
    response.writeHead(problems ? 503 : 404, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...guarded,
      'content-security-policy': servedPolicy
    })
    response.end(withClientScript(html))
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new UserError(`Port ${options.port} is in use`, {
              exitCode: ExitCode.usage,
              hint: 'Choose another with `--port <n>` (0 picks a free one).'
            })
          : error
      )
    })
    server.listen(options.port, '127.0.0.1', resolve)
  })
  const {port} = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}/`,
    settled: async () => {
      await pending
      await running
    },
    async close() {
      closed = true
      clearTimeout(timer)
      // No new connection, and none left open: a page's live-reload stream would reconnect and hold the server forever.
      const stopped = new Promise((resolve) => server.close(resolve))
      live.close()
      server.closeAllConnections()
      // Work under way may finish, but Ctrl-C ends the process within two seconds whatever it waits for.
      const settled = Promise.all([
        stopped,
        watcher.close(),
        running,
        pdf.printing?.catch(() => undefined),
        search.indexing?.catch(() => undefined)
      ])
      let deadline: NodeJS.Timeout | undefined
      await Promise.race([settled, new Promise((resolve) => (deadline = setTimeout(resolve, 1500)))])
      clearTimeout(deadline)
      await closeSearchIndexer()
    }
  }
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

function text(
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
