import type {Proceedings} from '../model/types.js'
import type {OutputFile} from '../util/output-file.js'
import {count} from '../util/count.js'
import {stage, type ProgressListener} from './progress.js'

/**
 * An edition's search index, made by Pagefind's process while the build
 * goes on: started once (a second `start` does nothing), awaited for its
 * files, and closed whatever happened, so that no indexing is left running
 * when the build ends or fails.
 */
export class SearchRun {
  private running: Promise<OutputFile[]> | undefined

  constructor(
    private readonly proceedings: Proceedings,
    private readonly onProgress: ProgressListener | undefined,
    private readonly named: (detail: string) => string,
    /** Where each edition's index is kept between builds; none without it. */
    private readonly cacheDir: string | undefined
  ) {}

  start() {
    if (this.running) return
    const {proceedings, named, cacheDir} = this
    this.running = stage(
      this.onProgress,
      'search',
      async () => (await import('../render/html/index-search.js')).indexSearch(proceedings, cacheDir),
      (index) =>
        named(
          `${count(
            proceedings.sessions.reduce((sum, session) => sum + session.contributions.length, 0),
            'contribution'
          )} indexed, ${count(index.files.length, 'file')}${keptParts(index.parts, index.kept)}`
        )
    ).then((index) => index.files)
    // Awaited by `finished`; a build that fails first must not also report it as unhandled.
    this.running.catch(() => undefined)
  }

  async finished(): Promise<OutputFile[]> {
    this.start()
    return this.running!
  }

  /** Stops Pagefind's process once this index is made or has failed. */
  async close() {
    if (!this.running) return
    await this.running.catch(() => undefined)
    await (await import('../render/html/index-search.js')).closeSearchIndexer()
  }
}

/** Which parts of the index the cache gave: all of a one-part index, or some of a large forum's. */
function keptParts(parts: number, kept: number) {
  if (parts === 1) return kept ? ', from the cache' : ''
  return kept === parts ? `, ${parts} parts, from the cache` : `, ${kept} of ${parts} parts from the cache`
}
