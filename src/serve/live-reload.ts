import type {ServerResponse} from 'node:http'

/** Where the page listens for rebuilds. */
export const eventsPath = '/__proceedings/events'

/** Where the live-reload script is served: a file of the server's, as the site's policy allows no inline script. */
export const clientScriptPath = '/__proceedings/live-reload.js'

/**
 * The script added to every served page: reloads on a rebuild, and shows the
 * diagnostics of a failed rebuild over the page (the last good page stays).
 */
export const clientScript = `(() => {
  const source = new EventSource('${eventsPath}')
  let overlay = document.getElementById('proceedings-problems')
  source.addEventListener('reload', () => location.reload())
  source.addEventListener('problems', (event) => {
    overlay ??= document.body.appendChild(Object.assign(document.createElement('pre'), {id: 'proceedings-problems'}))
    overlay.setAttribute('role', 'alert')
    overlay.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;margin:0;padding:1rem;background:#2b0b0b;color:#ffd7d7;font:13px/1.4 monospace;white-space:pre-wrap;z-index:2147483647'
    overlay.textContent = JSON.parse(event.data).join('\\n')
  })
})()
`

/** Server-sent events to every open page. */
export class LiveReload {
  private readonly clients = new Set<ServerResponse>()
  private current: string[] | undefined
  // A comment now and then keeps idle connections from being timed out on the way.
  private readonly ping = setInterval(() => {
    for (const client of this.clients) client.write(': ping\n\n')
  }, 30_000).unref()

  connect(response: ServerResponse) {
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive'
    })
    response.write(': connected\n\n')
    // A page opened or reloaded while the forum has errors shows them at once, as the pages open before did.
    if (this.current) response.write(eventText('problems', this.current))
    this.clients.add(response)
    response.on('close', () => this.clients.delete(response))
  }

  /** The problems of the last rebuild, until one succeeds. */
  get problems(): readonly string[] | undefined {
    return this.current
  }

  send(event: 'reload' | 'problems', data: string[] | null = null) {
    this.current = event === 'problems' ? (data ?? []) : undefined
    const message = eventText(event, data)
    for (const client of this.clients) client.write(message)
  }

  close() {
    clearInterval(this.ping)
    for (const client of this.clients) client.end()
    this.clients.clear()
  }
}

function eventText(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}

/** Adds the live-reload script to an HTML page, before `</body>`. */
export function withClientScript(html: string): string {
  const script = `<script src="${clientScriptPath}"></script>`
  const at = html.lastIndexOf('</body>')
  return at === -1 ? html + script : html.slice(0, at) + script + html.slice(at)
}
