import {cp, mkdtemp, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll} from 'vitest'

export const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url))
export const repoDir = fileURLToPath(new URL('../../', import.meta.url))

const made: string[] = []
afterAll(async () => {
  // Retries: a worker thread or child process of a test may still be closing a file as the folder goes.
  await Promise.all(
    made.map((dir) => rm(dir, {recursive: true, force: true, maxRetries: 5, retryDelay: 200}))
  )
})

/** A fresh temporary folder, removed after the test file. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'proceedings-test-'))
  made.push(dir)
  return dir
}

/**
 * Copies fixture folders, one over the other, into a fresh temporary folder
 * and returns its path: `copyFixtures('minimal', 'errors/unknown-session')`.
 */
export async function copyFixtures(...names: string[]): Promise<string> {
  const dir = await tempDir()
  for (const name of names) await cp(path.join(fixturesDir, name), dir, {recursive: true})
  return dir
}
