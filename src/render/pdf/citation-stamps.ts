import type {Proceedings} from '../../model/types.js'
import {escapeHtml} from '../../util/escape-html.js'

/** What a part's citation line names besides the volume: its pages, and its DOI or address. */
export interface CitationLine {
  first: number
  last: number
  doi: string | undefined
  /** Its address relative to the site, made absolute when the forum gives its `url`. */
  path: string
}

/**
 * The citation line printed at the foot of a part's first page: the volume,
 * the part's pages in it, its DOI (or its address on the site) and the license.
 */
export function citationLine(proceedings: Proceedings, line: CitationLine): string {
  const {forum} = proceedings
  const {labels} = forum
  const pages = line.first === line.last ? `${line.first}` : `${line.first}–${line.last}`
  const address = line.doi ? `https://doi.org/${line.doi}` : forum.url && forum.url + line.path
  return [
    [forum.title, forum.subtitle, forum.date?.slice(0, 4)].filter(Boolean).join(', '),
    `${labels.pagesInVolume} ${pages}`,
    address,
    forum.license && `${labels.license}: ${forum.license}`
  ]
    .filter(Boolean)
    .join(' · ')
}

/**
 * A print page of citation lines, one page each, sized as the parts' pages
 * (in points): each line sits at the foot of its page, below the page number.
 */
export function stampsHtml(lines: string[], size: {width: number; height: number}, language: string): string {
  const pages = lines.map((line) => `<div class="stamp"><p>${escapeHtml(line)}</p></div>`).join('\n')
  return `<!doctype html>
<html lang="${escapeHtml(language)}"><head><meta charset="utf-8"><title>Citation lines</title><style>
@page { size: ${size.width}pt ${size.height}pt; margin: 0; }
html, body { margin: 0; }
.stamp { position: relative; height: ${size.height}pt; break-after: page; overflow: hidden; }
.stamp p { position: absolute; left: 20mm; right: 20mm; bottom: 4.5mm; margin: 0; text-align: center;
  font: 7pt/1.3 "Noto Sans", "DejaVu Sans", sans-serif; color: #555; }
</style></head><body>
${pages}
</body></html>`
}
