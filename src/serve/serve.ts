import {createServer} from 'node:http'
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
import type {SiteMemo} from '../render/html/render-site.js'
import {renderEditions, type ServedFile} from './render-editions.js'
import {CitationStore} from '../render/cite/citation-store.js'
import type {OutputFile} from '../util/output-file.js'
import {renderPdf} from '../render/pdf/render-pdf.js'
import type {Theme} from '../render/theme/load-theme.js'
import {answerRequest, text, type Served} from './answer-request.js'
import {LiveReload} from './live-reload.js'
import {problemLines} from './problems-page.js'
import {closeSearchIndexer} from '../render/html/index-search.js'
import {SearchIndex} from './search-index.js'

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
  // Pages kept between rebuilds, one memo per edition: their pages have the same names.
  let memos = new Map<string, SiteMemo>()
  // Citations kept in memory between rebuilds, all those ever formatted: an edit formats only what it changed.
  const citationStore = await CitationStore.open(undefined, '')
  // What the last rebuild read, and what the watcher has seen change since: the rest is not read again.
  const texts = new Map<string, string>()
  const dirty = new Set<string>()
  let site = new Map<string, ServedFile>()
  let proceedings: Proceedings | undefined
  const pdf: {bytes: Uint8Array | undefined; stale: boolean; printing: Promise<void> | undefined} = {
    bytes: undefined,
    stale: true,
    printing: undefined
  }
  const search = new SearchIndex((error) => options.onError?.(error))

  const rebuild = async () => {
    const started = performance.now()
    const before = cache.parsed
    if (!theme) {
      theme = await loadForumTheme(contentRoot, options.templates)
      memos = new Map()
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
      const editions = loaded.editions
      // Pages a reload shows at once; the others are made when asked for (`render-editions.ts`).
      site = new Map(
        renderEditions(editions, theme, memos, citationStore).map((file) => [`/${file.path}`, file])
      )
      pdf.stale = true
      search.rebuilt(editions)
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
          // The print page uses the theme's files and the images, all made by the rebuild.
          siteFiles: [...site.values()].filter((file): file is OutputFile => !('make' in file)),
          timeoutMs: 5 * 60_000
        })
        if ('contents' in printed.file) pdf.bytes = printed.file.contents as Uint8Array
        await printed.release()
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
    search.changed()
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
    void answerRequest(served, request, response).catch((error: unknown) =>
      text(response, 500, String(error))
    )
  })
  const served: Served = {
    get port() {
      return (server.address() as AddressInfo).port
    },
    live,
    get site() {
      return site
    },
    get searchFiles() {
      return search.files
    },
    get built() {
      return proceedings !== undefined
    },
    pdf: async () => {
      await printPdf()
      return pdf.bytes
    },
    indexed: () => search.made()
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
        search.close()
      ])
      let deadline: NodeJS.Timeout | undefined
      await Promise.race([settled, new Promise((resolve) => (deadline = setTimeout(resolve, 1500)))])
      clearTimeout(deadline)
      await closeSearchIndexer()
    }
  }
}
