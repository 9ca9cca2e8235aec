import {copyFile, link, readFile, readdir, rm} from 'node:fs/promises'
import path from 'node:path'
import {checksum} from '../../util/checksum.js'
import {writeAtomically} from '../../util/write-atomically.js'
import type {PageRange} from '../cite/csl-items.js'

// The parts kept between builds (`.proceedings-cache/pdf/parts/`): each `<key>.pdf` with its pages and a checksum
// of both in `<key>.json`, keyed by the print it was cut from.

/** A part kept by an earlier build, with the pages it found; undefined when there is none, or it was damaged or altered. */
export async function cachedPart(
  cacheDir: string,
  key: string
): Promise<{pages: PageRange | undefined} | undefined> {
  try {
    const about = JSON.parse(await readFile(path.join(cacheDir, `${key}.json`), 'utf8')) as {
      pages?: PageRange
      sum?: unknown
    }
    const pdf = await readFile(path.join(cacheDir, `${key}.pdf`))
    if (about.sum !== checksum(JSON.stringify(about.pages ?? null), pdf)) return undefined
    return {pages: about.pages}
  } catch {
    return undefined
  }
}

export async function keepPart(
  cacheDir: string,
  key: string,
  bytes: Uint8Array,
  pages: PageRange | undefined
) {
  await writeAtomically(path.join(cacheDir, `${key}.pdf`), bytes)
  await writeAtomically(
    path.join(cacheDir, `${key}.json`),
    JSON.stringify({pages, sum: checksum(JSON.stringify(pages ?? null), bytes)})
  )
}

/** Puts a kept part into the build's folder, at `to`: a hard link to it, or a copy. */
export async function placePart(cacheDir: string, key: string, to: string) {
  const from = path.join(cacheDir, `${key}.pdf`)
  await link(from, to).catch(() => copyFile(from, to))
}

/** Removes the parts no build of this run used. */
export async function dropUnused(cacheDir: string, used: Set<string>) {
  const names = await readdir(cacheDir).catch(() => [])
  await Promise.all(
    names
      .filter((name) => /\.(pdf|json)$/.test(name) && !used.has(name.replace(/\.(pdf|json)$/, '')))
      .map((name) => rm(path.join(cacheDir, name), {force: true}))
  )
}
