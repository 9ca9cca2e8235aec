import type {Proceedings} from '../model/types.js'
import {indexSearch} from '../render/html/index-search.js'
import {SearchMemory} from '../render/html/search-cache.js'
import type {OutputFile} from '../util/output-file.js'

/** How long changes pause before the search index is made again, when no search asks for it first. */
const pauseMs = 1000

/**
 * The search index of `serve`'s latest good build, every edition's under its
 * folder. It is made again after each good rebuild once changes pause, or at
 * once when a search asks for it, so that it does not hold up the rebuilds
 * of a burst of edits; a search waits for the latest one. The parts of each
 * edition's index are kept in memory: a large forum's index is made again only
 * in the part an edit is in.
 */
export class SearchIndex {
  files = new Map<string, OutputFile>()
  private editions: Proceedings[] = []
  private readonly kept = new Map<string, SearchMemory>()
  private stale = true
  private closed = false
  private indexing: Promise<void> | undefined
  private timer: NodeJS.Timeout | undefined

  constructor(private readonly onError: (error: unknown) => void) {}

  /** After a good rebuild: these editions are to be indexed, once changes pause. */
  rebuilt(editions: Proceedings[]) {
    this.editions = editions
    this.stale = true
    clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.made().catch(this.onError), pauseMs)
  }

  /** A change was seen: the index waits for the rebuild that follows. */
  changed() {
    clearTimeout(this.timer)
  }

  /** Resolves once the index of the latest good build is made, making it if need be. */
  async made(): Promise<void> {
    for (;;) {
      if (this.closed) return
      // An index being made is waited for even when no change is pending: it is the one the request needs.
      if (this.indexing) {
        await this.indexing.catch(() => undefined)
        continue
      }
      if (!this.stale || this.editions.length === 0) return
      this.stale = false
      const editions = this.editions
      const indexing = (async () => {
        const files: OutputFile[] = []
        for (const edition of editions) {
          const language = edition.edition.language
          if (!this.kept.has(language)) this.kept.set(language, new SearchMemory())
          for (const file of (await indexSearch(edition, this.kept.get(language))).files)
            files.push({...file, path: edition.edition.folder + file.path})
        }
        this.files = new Map(files.map((file) => [`/${file.path}`, file]))
      })()
      this.indexing = indexing
      try {
        await indexing
      } finally {
        this.indexing = undefined
      }
    }
  }

  /** No index starts after this; the one being made, if any, is what it returns. */
  close(): Promise<void> | undefined {
    this.closed = true
    clearTimeout(this.timer)
    return this.indexing?.catch(() => undefined)
  }
}
