import type {IncomingMessage} from 'node:http'

/** A request `serve` refuses, with the status and the line of text that say why. */
export interface Refusal {
  status: number
  message: string
  headers?: Record<string, string>
}

/** The names the server answers to: it listens on 127.0.0.1, and a browser may call it any of these. */
const loopbackNames = ['127.0.0.1', 'localhost', '[::1]']

/** The origins of the server's own pages, for the port it listens on. */
export function ownOrigins(port: number): Set<string> {
  return new Set(
    loopbackNames.flatMap((name) =>
      port === 80 ? [`http://${name}`, `http://${name}:80`] : [`http://${name}:${port}`]
    )
  )
}

/**
 * Why a request must not be answered, if it must not: a method other than GET
 * and HEAD; a `Host` that is not a loopback name with the server's port (a
 * page of another site whose name was made to point at 127.0.0.1, DNS
 * rebinding, would otherwise read the forum, drafts included); and, for the
 * PDF, which starts a browser to print, a request sent by another site's page.
 */
export function checkRequest(request: IncomingMessage, port: number, pathname: string): Refusal | undefined {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return {
      status: 405,
      message: `Method ${request.method} not allowed, expected GET or HEAD`,
      headers: {allow: 'GET, HEAD'}
    }
  }
  const origins = ownOrigins(port)
  const host = request.headers.host?.toLowerCase()
  if (host === undefined || !origins.has(`http://${host}`)) {
    return {
      status: 421,
      message: `Host ${JSON.stringify(host ?? '')} refused, expected ${[...origins].map((origin) => origin.slice('http://'.length)).join(', ')}`
    }
  }
  if (pathname === '/proceedings.pdf' && !fromOwnPage(request, origins)) {
    return {
      status: 403,
      message: 'The PDF is printed only for a page of this server, or for a link opened directly'
    }
  }
  return undefined
}

/**
 * Whether a request comes from a page of this server or from no page at all
 * (the address typed, a command-line client). Browsers say so in
 * `Sec-Fetch-Site`; older ones are judged by `Origin`, then `Referer`.
 */
function fromOwnPage(request: IncomingMessage, origins: Set<string>): boolean {
  const site = request.headers['sec-fetch-site']
  if (site !== undefined) return site === 'same-origin' || site === 'none'
  const origin = request.headers.origin
  if (origin !== undefined) return origins.has(origin.toLowerCase())
  const referer = request.headers.referer
  if (referer !== undefined) {
    try {
      return origins.has(new URL(referer).origin)
    } catch {
      return false
    }
  }
  return true
}
