import {copyFileSync, linkSync, rmSync, writeFileSync} from 'node:fs'
import {copyFile, link, readFile, readdir, rm} from 'node:fs/promises'
import path from 'node:path'
import {checksum} from '../../util/checksum.js'
import {writeAtomicallySync} from '../../util/write-atomically.js'
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

/** Where a part cut now goes: its file in the build's folder, and its entry in the cache, if any. */
export interface PartStore {
  file: string
  cache?: {dir: string; key: string}
  /** The pages it found, kept beside it in the cache. */
  pages?: PageRange
}

/**
 * Writes a part cut now into the build's folder, and keeps it in the cache
 * (a hard link from there, or a copy): in the thread that cut it, so that
 * the build's own thread, which merges the volume meanwhile, does no more
 * than count it. Returns its size in bytes.
 */
export function storePart(bytes: Uint8Array, store: PartStore): number {
  if (!store.cache) {
    writeFileSync(store.file, bytes)
    return bytes.byteLength
  }
  const {dir, key} = store.cache
  const pdf = path.join(dir, `${key}.pdf`)
  writeAtomicallySync(pdf, bytes)
  writeAtomicallySync(
    path.join(dir, `${key}.json`),
    JSON.stringify({pages: store.pages, sum: checksum(JSON.stringify(store.pages ?? null), bytes)})
  )
  // A file the build wrote there before (parts cut again) may be a link to another entry: it goes first.
  rmSync(store.file, {force: true})
  try {
    linkSync(pdf, store.file)
  } catch {
    copyFileSync(pdf, store.file)
  }
  return bytes.byteLength
}

/** Puts a kept part into the build's folder, at `to`: a hard link to it, or a copy. */
export async function placePart(cacheDir: string, key: string, to: string) {
  const from = path.join(cacheDir, `${key}.pdf`)
  // A file the build wrote there before (parts cut again) may be a link to another entry: it goes first.
  await rm(to, {force: true})
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
