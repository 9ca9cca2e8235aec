/**
 * The site's Content-Security-Policy, built here and nowhere else: every page
 * carries it in a `<meta>` tag, and `serve` sends it as a header too. Scripts
 * only from the site itself (the tool's own files; no inline script, so a
 * script that slipped into a page would not run), nothing from elsewhere.
 * A feature that needs more (a search that runs WebAssembly, say) adds its
 * source to the directive here.
 */
export const siteDirectives: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  // Search runs Pagefind's WebAssembly, from the site.
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'"],
  // The search box's icon is a data: image in Pagefind's stylesheet; contributions cannot write data: images (the sanitiser drops them).
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  // `serve`'s live reload listens to the server it came from.
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"]
}

/** The policy as a header or `<meta>` value, from `directives` (the site's by default). */
export function contentSecurityPolicy(
  directives: Readonly<Record<string, readonly string[]>> = siteDirectives
): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ')
}

const policyMeta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">`

/**
 * A page of the site with the policy: the default layout writes it first in
 * `<head>`; a forum's own template that does not is given it there (a `<meta>`
 * policy applies only to what follows it).
 */
export function withContentSecurityPolicy(html: string): string {
  if (html.includes('http-equiv="Content-Security-Policy"')) return html
  const head = /<head(\s[^>]*)?>/i.exec(html) ?? /<!doctype[^>]*>/i.exec(html)
  const at = head ? head.index + head[0].length : 0
  return html.slice(0, at) + policyMeta + html.slice(at)
}
