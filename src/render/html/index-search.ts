import type {Contribution, Proceedings, SessionProceedings} from '../../model/types.js'
import type {OutputFile} from '../../util/output-file.js'
import {escapeHtml} from '../../util/escape-html.js'
import {SearchCache, type KeptSearchParts, type SearchFiles} from './search-cache.js'
import {installedVersion} from '../../util/installed-version.js'

/** Where the search index and Pagefind's scripts go in the site: the search page loads them from there. */
export const searchFolder = 'pagefind'

/**
 * Contributions in one part of the search index at most, unless a session alone has more. Pagefind makes an index
 * whole, in about a millisecond per contribution: a forum of thousands of contributions is indexed in parts of a few
 * sessions each, so that an edit indexes again the part it is in and takes the others from the cache. The search page
 * merges the parts (Pagefind's `mergeIndex`, which shares the first part's WebAssembly). A forum of up to this many
 * contributions has one index, as it had before parts.
 */
export const contributionsPerSearchPart = 300

/**
 * The sessions of each part of the search index: consecutive sessions, as many as fit in
 * `contributionsPerSearchPart`. An edit that adds or removes no contribution keeps every part's sessions.
 */
export function searchParts(proceedings: Proceedings): SessionProceedings[][] {
  const parts: SessionProceedings[][] = []
  let current: SessionProceedings[] = []
  let size = 0
  for (const session of proceedings.sessions) {
    const count = session.contributions.length
    if (size > 0 && size + count > contributionsPerSearchPart) {
      parts.push(current)
      current = []
      size = 0
    }
    current.push(session)
    size += count
  }
  if (current.length || !parts.length) parts.push(current)
  return parts
}

/** Where each part of the index after the first goes, from the edition's root: the search page merges them. */
export function mergedSearchFolders(proceedings: Proceedings): string[] {
  return searchParts(proceedings)
    .slice(1)
    .map((_, index) => `${searchFolder}/${partFolder(index + 1)}`)
}

const partFolder = (index: number) => (index === 0 ? '' : `part-${index + 1}/`)

/**
 * Files a merged part needs: its entry, metadata, word index, filters and fragments. Pagefind's scripts, styles and
 * WebAssembly are the first part's.
 */
const mergedFile = /^(?:pagefind-entry\.json|[^/]+\.pf_meta|(?:index|filter|fragment)\/.*)$/

/**
 * The site's full-text search index, made with Pagefind: one record per contribution printed in full, pointing at its
 * place in its session's page, with filters for the session, the questions it answers, its type, its language and its
 * speakers' countries. Every record is indexed in the forum's language, so that one index holds every contribution
 * (Pagefind keeps one index per language, and searches that of the page it runs on). A large forum's index is made in
 * parts (see `searchParts`), each taken from `kept` (the cache folder's, or `serve`'s memory) when what it indexes
 * did not change.
 */
export async function indexSearch(
  proceedings: Proceedings,
  kept?: string | KeptSearchParts
): Promise<{files: OutputFile[]; parts: number; kept: number}> {
  const language = proceedings.forum.language.toLowerCase().split('-')[0] ?? 'en'
  const languageName = languageNames(proceedings.forum.language)
  const version = `${installedVersion('pagefind')}\u0000${language}`
  const parts = searchParts(proceedings).map((sessions) => {
    const documents = sessions.flatMap((current) =>
      current.contributions.map((contribution) => ({
        url: `sessions/${encodeURIComponent(current.session.id)}.html#${contribution.anchor}`,
        content: searchDocument(proceedings, current, contribution, languageName)
      }))
    )
    return {documents, key: SearchCache.keyOf(version, documents)}
  })
  const cache = typeof kept === 'string' ? new SearchCache(kept, proceedings.edition.language) : kept
  const found = (await cache?.get(parts.map((part) => part.key))) ?? new Map<string, SearchFiles>()
  const made: {key: string; files: SearchFiles}[] = []
  for (const part of parts)
    made.push({key: part.key, files: found.get(part.key) ?? (await runPagefind(language, part.documents))})
  if (made.some((part) => !found.has(part.key))) await cache?.keep(made).catch(() => undefined)
  return {
    files: made.flatMap(({files}, index) =>
      files
        .filter((file) => index === 0 || mergedFile.test(file.path))
        .map((file) => ({path: `${searchFolder}/${partFolder(index)}${file.path}`, contents: file.contents}))
    ),
    parts: parts.length,
    kept: parts.filter((part) => found.has(part.key)).length
  }
}

/** The index of these documents, made by Pagefind's process. */
async function runPagefind(
  language: string,
  documents: {url: string; content: string}[]
): Promise<SearchFiles> {
  const pagefind = await import('pagefind')
  const {index, errors} = await pagefind.createIndex({forceLanguage: language, keepIndexUrl: true})
  if (!index) throw new Error(`Pagefind could not start an index: ${errors.join('; ')}`)
  try {
    // The service reads one message at a time: a few in flight keep it busy without a queue of thousands.
    for (let start = 0; start < documents.length; start += 64) {
      const added = await Promise.all(
        documents.slice(start, start + 64).map((document) => index.addHTMLFile(document))
      )
      const failed = added.find((result) => result.errors.length)
      if (failed) throw new Error(`Pagefind could not index a contribution: ${failed.errors.join('; ')}`)
    }
    const {files, errors: writeErrors} = await index.getFiles()
    if (writeErrors.length) throw new Error(`Pagefind could not write its index: ${writeErrors.join('; ')}`)
    return files.map((file) => ({path: file.path, contents: file.content}))
  } finally {
    await index.deleteIndex()
  }
}

/** Stops Pagefind's indexing process, which otherwise waits for the next index. */
export async function closeSearchIndexer() {
  const pagefind = await import('pagefind')
  await pagefind.close()
}

/** A contribution as Pagefind reads it: its text, its title and speakers as metadata, and its filters. */
function searchDocument(
  proceedings: Proceedings,
  current: SessionProceedings,
  contribution: Contribution,
  languageName: (tag: string) => string
) {
  const {labels} = proceedings.forum
  const questions = current.groups
    .filter(
      (group) =>
        (group.kind === 'question' || group.kind === 'main') &&
        group.entries.some((entry) => entry.contribution === contribution)
    )
    .map((group) =>
      group.kind === 'main' ? labels.mainQuestion : `${labels.question} ${group.question!.number}`
    )
  // Filters are named in the forum's words: the search page shows their names.
  const filters: [string, string[]][] = [
    [labels.session, [current.session.title]],
    [labels.question, questions],
    [labels.contributionType, [labels.types[contribution.type]]],
    [labels.contributionLanguage, [languageName(contribution.language)]],
    [
      labels.country,
      [...new Set(contribution.speakers.flatMap((speaker) => (speaker.country ? [speaker.country] : [])))]
    ]
  ]
  const speakers = contribution.speakers.map((speaker) => speaker.name).join(', ')
  return [
    `<html lang="${escapeHtml(proceedings.forum.language)}"><body><main data-pagefind-body>`,
    `<h1 data-pagefind-meta="title">${escapeHtml(contribution.title)}</h1>`,
    `<p data-pagefind-meta="speakers">${escapeHtml(speakers)}</p>`,
    `<p data-pagefind-meta="session" data-pagefind-ignore>${escapeHtml(current.session.title)}</p>`,
    ...filters.flatMap(([name, values]) =>
      values.map(
        (value) => `<span data-pagefind-filter="${name}" data-pagefind-ignore>${escapeHtml(value)}</span>`
      )
    ),
    contribution.body.atRoot,
    '</main></body></html>'
  ].join('\n')
}

/** Names of languages in the forum's language: `es` is "Spanish" in an English forum, "espagnol" in a French one. */
function languageNames(forumLanguage: string): (tag: string) => string {
  let names: Intl.DisplayNames | undefined
  try {
    names = new Intl.DisplayNames([forumLanguage, 'en'], {type: 'language'})
  } catch {
    names = undefined
  }
  return (tag) => {
    try {
      return names?.of(tag) ?? tag
    } catch {
      return tag
    }
  }
}
