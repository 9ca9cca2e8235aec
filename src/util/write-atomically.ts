import {renameSync, rmSync, writeFileSync} from 'node:fs'
import {rename, rm, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {threadId} from 'node:worker_threads'
import {makeFolder} from './make-folder.js'

/**
 * Writes a file whole or not at all: into a temporary file beside it, then
 * renamed over it. A reader sees the old file or the new one, never half of
 * one; a failed write (a full disk) leaves the old file and no temporary.
 * `contents` may be a function that writes the temporary file itself.
 */
export async function writeAtomically(
  file: string,
  contents: string | Uint8Array | ((temporary: string) => Promise<void>)
) {
  await makeFolder(path.dirname(file))
  const temporary = `${file}.${process.pid}.tmp`
  try {
    if (typeof contents === 'function') await contents(temporary)
    else await writeFile(temporary, contents)
    await rename(temporary, file)
  } catch (error) {
    await rm(temporary, {force: true})
    throw error
  }
}

/** `writeAtomically` in the calling thread, for a worker thread that writes as it works. */
export function writeAtomicallySync(file: string, contents: string | Uint8Array) {
  const temporary = `${file}.${process.pid}.${threadId}.tmp`
  try {
    writeFileSync(temporary, contents)
    renameSync(temporary, file)
  } catch (error) {
    rmSync(temporary, {force: true})
    throw error
  }
}
