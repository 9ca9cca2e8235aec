/**
 * Every place a link, a bookmark or a page number points at. Session and
 * contribution ids never hold `:` (see the id schema), so `:` separates an
 * id from what the tool adds after it, and `::` puts an id written in the
 * content (raw HTML, footnotes) under the fragment it came from:
 *
 *   s:<session>              a session
 *   s:<session>:q3           a group (`q<n>`, `main`, `other`, `synthesis`)
 *   s:<session>:section-2::x an id `x` in a section of the concept note
 *   c:<contribution>         a contribution
 *   c:<contribution>:title   its title
 *   c:<contribution>::x      an id `x` in its text
 *   foreword::x              an id `x` in the foreword
 *
 * The theme's own anchors (`contents-title`, `speaker-3`…) have no `:`.
 * Read from the left, an anchor names one place only, whatever the ids.
 */
export function sessionAnchor(sessionId: string): string {
  return `s:${sessionId}`
}

export function contributionAnchor(contributionId: string): string {
  return `c:${contributionId}`
}

/** A part of a session or contribution the tool names: `q3`, `main`, `title`, `section-2`. */
export function partAnchor(anchor: string, part: string): string {
  return `${anchor}:${part}`
}

/** An id written in the content, under the fragment it came from. */
export function contentAnchor(scope: string, id: string): string {
  return `${scope}::${id}`
}
