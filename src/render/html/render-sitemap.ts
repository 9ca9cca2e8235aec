import type {OutputFile} from '../../util/output-file.js'
import {escapeHtml} from '../../util/escape-html.js'

/** `sitemap.xml`, for a site whose address is known: every page of it, under `url`. */
export function renderSitemap(url: string, pages: readonly string[]): OutputFile {
  const entries = pages.map((page) => `  <url><loc>${escapeHtml(new URL(page, url).href)}</loc></url>`)
  return {
    path: 'sitemap.xml',
    contents: `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</urlset>\n`
  }
}
