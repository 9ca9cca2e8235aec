import type {OutputFile} from '../../util/output-file.js'

/** `sitemap.xml`, for a site whose address is known: every page of it, under `url`. */
export function renderSitemap(url: string, pages: readonly string[]): OutputFile {
  const escape = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
  const entries = pages.map((page) => `  <url><loc>${escape(new URL(page, url).href)}</loc></url>`)
  return {
    path: 'sitemap.xml',
    contents: `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</urlset>\n`
  }
}
