import {createHash} from 'node:crypto'
import {mkdir, readdir, readFile, rename, rm, stat, writeFile} from 'node:fs/promises'
import path from 'node:path'
import type {OutputFile} from '../output-file.js'

/** The page numbers of a volume, as printed (`ii`, `12`), by anchor. */
export type PageLabels = Record<string, string>

/**
 * Printed pieces of the PDF kept between builds (`.proceedings-cache/pdf/`).
 * A piece is keyed by a hash of everything its print depends on: its HTML
 * (page numbers included), the site's stylesheets and images, and the
 * browser's executable. An unchanged piece is taken from here, not printed.
 * The page numbers of the last build are kept too: the next build starts
 * from them, so that a rebuild after an edit prints only what moved.
 */
export class PieceCache {
  private readonly used = new Set<string>()
  hits = 0

  private constructor(private readonly dir: string, private readonly context: string, readonly previous: PageLabels | undefined) {}

  static async open(dir: string, context: {executablePath: string; siteFiles: OutputFile[]}): Promise<PieceCache> {
    const hash = createHash('sha256')
    const executable = await stat(context.executablePath).catch(() => undefined)
    hash.update(`${context.executablePath}\u0000${executable?.size ?? ''}\u0000${executable?.mtimeMs ?? ''}\u0000`)
    for (const file of [...context.siteFiles].filter((file) => !file.path.endsWith('.html')).sort((a, b) => (a.path < b.path ? -1 : 1))) {
      hash.update(file.path).update('\u0000').update('copyFrom' in file ? await readFile(file.copyFrom) : file.contents)
    }
    let previous: PageLabels | undefined
    try {
      const parsed = JSON.parse(await readFile(path.join(dir, 'pages.json'), 'utf8')) as unknown
      if (parsed && typeof parsed === 'object' && Object.values(parsed).every((value) => typeof value === 'string')) previous = parsed as PageLabels
    } catch {
      // No earlier build, or a cache that cannot be read: start afresh.
    }
    return new PieceCache(dir, hash.digest('hex'), previous)
  }

  private key(html: string): string {
    return createHash('sha256').update(this.context).update(html).digest('base64url')
  }

  /** The PDF printed earlier from this exact HTML, if kept. */
  async get(html: string): Promise<Uint8Array | undefined> {
    const key = this.key(html)
    const bytes = await readFile(path.join(this.dir, `${key}.pdf`)).catch(() => undefined)
    if (bytes) {
      this.used.add(key)
      this.hits++
    }
    return bytes
  }

  async put(html: string, bytes: Uint8Array) {
    const key = this.key(html)
    this.used.add(key)
    await writeAtomically(path.join(this.dir, `${key}.pdf`), bytes)
  }

  /** Keeps the page numbers for the next build and drops the pieces this build did not use. */
  async finish(labels: PageLabels) {
    await writeAtomically(path.join(this.dir, 'pages.json'), JSON.stringify(labels))
    const names = await readdir(this.dir).catch(() => [])
    await Promise.all(names.filter((name) => name.endsWith('.pdf') && !this.used.has(name.slice(0, -4)))
      .map((name) => rm(path.join(this.dir, name), {force: true})))
  }
}

async function writeAtomically(file: string, contents: Uint8Array | string) {
  await mkdir(path.dirname(file), {recursive: true})
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, contents)
  await rename(temporary, file)
}
