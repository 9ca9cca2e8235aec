import {copyFile, link, lstat, mkdir, readdir, rename, rm, stat, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {randomBytes} from 'node:crypto'
import {ExitCode, UserError} from '../errors.js'
import {isRunning} from '../util/is-running.js'
import {lockOutput} from './output-lock.js'
import {fileContents, type OutputFile} from '../util/output-file.js'
import {makeFolder} from '../util/make-folder.js'
import {digestOf, keepWrittenFiles, readWrittenFiles, type WrittenFiles} from './written-files.js'

/** Written into every output folder: only a folder with it may be replaced. */
export const outputMarker = '.proceedings-output'

/**
 * Writes a complete output folder atomically: everything goes into a
 * temporary sibling folder, which replaces `outDir` only once complete. A
 * failed or interrupted build leaves the previous output as it was. A
 * non-empty folder that this tool did not write is never replaced. Builds
 * into the same folder take turns (see lockOutput).
 */
export async function writeOutput(
  outDir: string,
  files: OutputFile[],
  options: {
    signal?: AbortSignal
    /** Where what was written is kept between builds (see WrittenFiles); without it, every file is written. */
    record?: string
  } = {}
): Promise<void> {
  const target = path.resolve(outDir)
  await makeFolder(path.dirname(target))
  const lock = await lockOutput(target)
  try {
    await recoverInterrupted(target)
    await assertReplaceable(target)
    await replaceWith(target, files, options)
  } finally {
    await lock.release()
  }
}

/**
 * A path beside the output folder for a build's work in progress, named after
 * this process: `recoverInterrupted` removes it once that process is gone.
 */
export function besideOutput(
  target: string,
  kind: 'partial' | 'previous' | 'pdf',
  suffix = `${process.pid}-${randomBytes(4).toString('hex')}`
): string {
  return `${target}.${kind}-${suffix}`
}

async function replaceWith(
  target: string,
  files: OutputFile[],
  {signal, record}: {signal?: AbortSignal; record?: string}
) {
  const before = record === undefined ? undefined : await readWrittenFiles(record, target)
  const written: WrittenFiles = {target, finished: 0, files: {}}
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`
  const staging = besideOutput(target, 'partial', suffix)
  try {
    await mkdir(staging)
    const folders = new Set(files.map((file) => path.dirname(path.join(staging, file.path))))
    for (const folder of [...folders].sort()) await makeFolder(folder)
    await writeAll(files, staging, before, written)
    written.finished = Date.now()
    await writeFile(
      path.join(staging, outputMarker),
      'Written by forum-proceedings. This folder is replaced on every build.\n'
    )
    signal?.throwIfAborted()
  } catch (error) {
    await rm(staging, {recursive: true, force: true})
    throw error
  }

  const previous = besideOutput(target, 'previous', suffix)
  const hadPrevious = await exists(target)
  if (hadPrevious) await rename(target, previous)
  try {
    await rename(staging, target)
  } catch (error) {
    if (hadPrevious) await rename(previous, target)
    await rm(staging, {recursive: true, force: true})
    throw error
  }
  if (hadPrevious) await rm(previous, {recursive: true, force: true})
  if (record !== undefined) await keepWrittenFiles(record, written).catch(() => undefined)
}

/**
 * Cleans up after builds that were killed: their half-written folders (and
 * PDFs) are removed, and if one was killed between moving the old output aside and
 * moving the new one in, the old output is put back.
 */
async function recoverInterrupted(target: string) {
  const base = path.basename(target)
  const pattern = new RegExp(
    `^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(partial|previous|pdf)-(\\d+)-[0-9a-f]+$`
  )
  const siblings = await readdir(path.dirname(target)).catch(() => [])
  const leftovers = siblings
    .map((name) => ({name, match: pattern.exec(name)}))
    .filter(({match}) => match && !isRunning(Number(match[2])))
  const hasTarget = await exists(target)
  for (const {name, match} of leftovers) {
    const leftover = path.join(path.dirname(target), name)
    if (match?.[1] === 'previous' && !hasTarget && !(await exists(target))) await rename(leftover, target)
    else await rm(leftover, {recursive: true, force: true})
  }
}

/** Files written at once: each holds a descriptor, and a forum in three editions writes tens of thousands of files. */
const writesAtOnce = 64

/**
 * Writes every file into the staging folder, a few at a time. A file whose
 * bytes the last build wrote into the output, unchanged there since, is
 * linked to, not written. The first failure stops the writes not begun, and
 * is thrown once those under way have settled: none may still be writing as
 * the staging folder is removed.
 */
async function writeAll(
  files: OutputFile[],
  staging: string,
  before: WrittenFiles | undefined,
  written: WrittenFiles
) {
  let next = 0
  let failure: {error: unknown} | undefined
  const writer = async () => {
    while (next < files.length && !failure) {
      const file = files[next++]!
      const destination = path.join(staging, file.path)
      try {
        if ('copyFrom' in file) await writeFile(destination, await fileContents(file))
        else if ('moveFrom' in file) await moveFile(file.moveFrom, destination)
        else {
          const kept: [number, string] = [Buffer.byteLength(file.contents), digestOf(file.contents)]
          written.files[file.path] = kept
          if (!(before && (await linkUnchanged(before, file.path, kept, destination))))
            await writeFile(destination, file.contents)
        }
      } catch (error) {
        failure ??= {error}
      }
    }
  }
  await Promise.all(Array.from({length: Math.min(writesAtOnce, files.length)}, writer))
  if (failure) throw failure.error
}

/** Links `destination` to the output's file at `file` if the last build wrote it with these bytes and it has not changed since. */
async function linkUnchanged(
  before: WrittenFiles,
  file: string,
  [size, digest]: [number, string],
  destination: string
): Promise<boolean> {
  const was = before.files[file]
  if (!was || was[0] !== size || was[1] !== digest) return false
  const existing = path.join(before.target, file)
  const stats = await lstat(existing).catch(() => undefined)
  if (!stats?.isFile() || stats.size !== size || stats.mtimeMs > before.finished) return false
  return link(existing, destination).then(
    () => true,
    () => false
  )
}

async function assertReplaceable(target: string) {
  const stats = await stat(target).catch(() => undefined)
  if (!stats) return
  if (!stats.isDirectory()) {
    throw new UserError(`Output path ${target} is a file, expected a folder`, {
      exitCode: ExitCode.usage,
      hint: 'Choose another `--out`.'
    })
  }
  const entries = await readdir(target)
  if (entries.length > 0 && !entries.includes(outputMarker)) {
    throw new UserError(`Refusing to replace ${target}: it holds files this tool did not write`, {
      exitCode: ExitCode.usage,
      hint: 'Choose an empty or new folder with `--out`, or move those files away.'
    })
  }
}

async function exists(file: string) {
  return stat(file).then(
    () => true,
    () => false
  )
}

/** Moves a file the build wrote aside into the output; across file systems, by copying it. */
async function moveFile(from: string, to: string) {
  try {
    await rename(from, to)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
    await copyFile(from, to)
    await rm(from, {force: true})
  }
}
