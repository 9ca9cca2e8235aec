import {createHash, randomBytes} from 'node:crypto'
import {link as fsLink, readdir, readFile, rm} from 'node:fs/promises'
import path from 'node:path'
import {isRunning} from '../../util/is-running.js'
import {fileContents, type OutputFile} from '../../util/output-file.js'
import {checksum} from '../../util/checksum.js'
import {writeAtomically} from '../../util/write-atomically.js'
import {makeFolder} from '../../util/make-folder.js'

/** The page numbers of a volume, as printed (`ii`, `12`), by anchor. */
export type PageLabels = Record<string, string>

/** Where a printed piece's pages break: how many, and the page of each anchor in it (from 1). */
export interface PieceLayout {
  pages: number
  anchors: Map<string, number>
}

/** A printed piece: a hash of its HTML, its layout, and its bytes, read when the volume is merged. */
export interface PrintedPiece extends PieceLayout {
  digest: string
  load(): Promise<Uint8Array>
}

/**
 * Printed pieces of the PDF kept between builds (`.proceedings-cache/pdf/`).
 * A piece is keyed by a hash of everything its print depends on: its HTML
 * (page numbers included), the site's stylesheets and images, and the
 * browser's version: another browser may print the same page otherwise, or
 * write the PDF another way. An unchanged piece is taken from here, not printed.
 * The page numbers of the last build are kept too: the next build starts
 * from them, so that a rebuild after an edit prints only what moved.
 *
 * The PDFs a build takes are read only when it merges them. Until then it
 * holds each by a hard link in a folder of its own (`.build-<pid>-…`), so
 * that another build sharing the cache, removing pieces it does not use,
 * cannot take them away. Where links are not possible, the bytes are held.
 */
export class PieceCache {
  private readonly used = new Set<string>()
  hits = 0
  private readonly held: string

  private constructor(
    private readonly dir: string,
    private readonly context: string,
    readonly previous: PageLabels | undefined
  ) {
    this.held = path.join(dir, `.build-${process.pid}-${randomBytes(4).toString('hex')}`)
  }

  static async open(
    dir: string,
    context: {browserVersion: string; siteFiles: OutputFile[]}
  ): Promise<PieceCache> {
    const hash = createHash('sha256')
    for (const file of [...context.siteFiles]
      .filter((file) => !file.path.endsWith('.html'))
      .sort((a, b) => (a.path < b.path ? -1 : 1))) {
      hash
        .update(file.path)
        .update('\u0000')
        .update(await fileContents(file))
    }
    hash.update(`\u0000${context.browserVersion}`)
    let previous: PageLabels | undefined
    try {
      const {labels, sum} = JSON.parse(await readFile(path.join(dir, 'pages.json'), 'utf8')) as {
        labels: unknown
        sum: unknown
      }
      if (
        labels &&
        typeof labels === 'object' &&
        Object.values(labels).every((value) => typeof value === 'string') &&
        sum === checksum(JSON.stringify(labels))
      ) {
        previous = labels as PageLabels
      }
    } catch {
      // No earlier build, or a cache that cannot be read: start afresh.
    }
    return new PieceCache(dir, hash.digest('hex'), previous)
  }

  private key(digest: string): string {
    return createHash('sha256').update(this.context).update(digest).digest('base64url')
  }

  /**
   * The piece printed earlier from this exact HTML, if kept: its pages and
   * anchors, kept beside it; the PDF itself is read only for the merge.
   */
  async get(digest: string): Promise<PrintedPiece | undefined> {
    const key = this.key(digest)
    try {
      const [about, pdf] = await Promise.all([
        readFile(path.join(this.dir, `${key}.json`), 'utf8'),
        readFile(path.join(this.dir, `${key}.pdf`))
      ])
      const {pages, anchors, sum} = JSON.parse(about) as {pages: unknown; anchors: unknown; sum: unknown}
      if (typeof pages !== 'number' || !Array.isArray(anchors)) return undefined
      // Damaged or altered since it was printed: printed again.
      if (sum !== pieceSum(pages, anchors, pdf)) return undefined
      const load = await this.hold(key, pdf)
      this.used.add(key)
      this.hits++
      return {digest, pages, anchors: new Map(anchors as [string, number][]), load}
    } catch {
      return undefined
    }
  }

  /** Keeps a piece just printed; what is returned reads it back from here, so that its bytes need not stay in memory. */
  async put(piece: PrintedPiece, bytes: Uint8Array): Promise<PrintedPiece> {
    const key = this.key(piece.digest)
    this.used.add(key)
    await writeAtomically(path.join(this.dir, `${key}.pdf`), bytes)
    const anchors = [...piece.anchors]
    await writeAtomically(
      path.join(this.dir, `${key}.json`),
      JSON.stringify({pages: piece.pages, anchors, sum: pieceSum(piece.pages, anchors, bytes)})
    )
    return {...piece, load: await this.hold(key, bytes)}
  }

  /** Holds a kept PDF for this build's merge: a hard link to it, or else its bytes. */
  private async hold(key: string, bytes?: Uint8Array): Promise<() => Promise<Uint8Array>> {
    const file = path.join(this.dir, `${key}.pdf`)
    const link = path.join(this.held, `${key}.pdf`)
    await makeFolder(this.held)
    const linked = await fsLink(file, link).then(
      () => true,
      (error: NodeJS.ErrnoException) => error.code === 'EEXIST'
    )
    if (linked) return () => readFile(link)
    const kept = bytes ?? (await readFile(file))
    return () => Promise.resolve(kept)
  }

  /** Lets go of what this build held, and of what builds that no longer run left held. */
  async release() {
    await rm(this.held, {recursive: true, force: true})
    const names = await readdir(this.dir).catch(() => [])
    await Promise.all(
      names
        .map((name) => /^\.build-(\d+)-[0-9a-f]+$/.exec(name))
        .filter((match) => match && !isRunning(Number(match[1])))
        .map((match) => rm(path.join(this.dir, match![0]), {recursive: true, force: true}))
    )
  }

  /** Keeps the page numbers for the next build and drops the pieces this build did not use. */
  async finish(labels: PageLabels) {
    await writeAtomically(
      path.join(this.dir, 'pages.json'),
      JSON.stringify({labels, sum: checksum(JSON.stringify(labels))})
    )
    const names = await readdir(this.dir).catch(() => [])
    await Promise.all(
      names
        .filter(
          (name) =>
            /\.(pdf|json)$/.test(name) &&
            name !== 'pages.json' &&
            !this.used.has(name.replace(/\.(pdf|json)$/, ''))
        )
        .map((name) => rm(path.join(this.dir, name), {force: true}))
    )
  }
}

/** A checksum of a kept piece: its layout and its bytes. */
function pieceSum(pages: number, anchors: unknown[], pdf: Uint8Array): string {
  return checksum(JSON.stringify([pages, anchors]), pdf)
}

/** A piece is known by a hash of its HTML: the HTML of a large session weighs tens of MB, and is not kept. */
export function htmlDigest(html: string): string {
  return createHash('sha256').update(html).digest('base64url')
}
