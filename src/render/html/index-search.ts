import type {Contribution, Proceedings, SessionProceedings} from '../../model/types.js'
import type {OutputFile} from '../../util/output-file.js'
import {escapeHtml} from '../../util/escape-html.js'
import {SearchCache} from './search-cache.js'
import {installedVersion} from '../../util/installed-version.js'

/** Where the search index and Pagefind's scripts go in the site: the search page loads them from there. */
export const searchFolder = 'pagefind'

/**
 * The site's full-text search index, made with Pagefind: one record per contribution printed in full, pointing at its
 * place in its session's page, with filters for the session, the questions it answers, its type, its language and its
 * speakers' countries. Every record is indexed in the forum's language, so that one index holds every contribution
 * (Pagefind keeps one index per language, and searches that of the page it runs on).
 */
export async function indexSearch(
  proceedings: Proceedings,
  cacheDir?: string
): Promise<{files: OutputFile[]; kept: boolean}> {
  const language = proceedings.forum.language.toLowerCase().split('-')[0] ?? 'en'
  const languageName = languageNames(proceedings.forum.language)
  const documents = proceedings.sessions.flatMap((current) =>
    current.contributions.map((contribution) => ({
      url: `sessions/${encodeURIComponent(current.session.id)}.html#${contribution.anchor}`,
      content: searchDocument(proceedings, current, contribution, languageName)
    }))
  )
  const cache = cacheDir === undefined ? undefined : new SearchCache(cacheDir, proceedings.edition.language)
  const key = SearchCache.keyOf(`${installedVersion('pagefind')}\u0000${language}`, documents)
  const kept = await cache?.get(key)
  const files = kept ?? (await runPagefind(language, documents))
  if (!kept) await cache?.keep(key, files).catch(() => undefined)
  return {
    files: files.map((file) => ({path: `${searchFolder}/${file.path}`, contents: file.contents})),
    kept: kept !== undefined
  }
}

/** The index of these documents, made by Pagefind's process. */
async function runPagefind(
  language: string,
  documents: {url: string; content: string}[]
): Promise<{path: string; contents: Uint8Array}[]> {
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
