import type {Document} from 'yaml'
import type {VFileMessage} from 'vfile-message'
import {VFile} from 'vfile'

export type ContentKind = 'forum' | 'forum-translation' | 'session' | 'contribution'

/** What a translation's file name says: the original beside it, and the language. */
export interface NamedTranslation {
  /** The original's path relative to the content folder. */
  of: string
  language: string
}

declare module 'vfile' {
  interface DataMap {
    /** Which part of the forum the file describes. */
    kind: ContentKind
    /** A file named `<name>.<lang>.md` beside `<name>.md`: a translation of that file into that language. */
    translation: NamedTranslation
    /** Path relative to the content folder, with `/` separators. */
    source: string
    /** Parsed front matter (plain data), once read. */
    matter: Record<string, unknown>
    /** The YAML document of the front matter, for positions of keys. */
    matterDocument: Document.Parsed | undefined
    /** The front matter was read without positions (`readSimpleYaml`): its document is parsed when a message needs one. */
    matterWithoutPositions: boolean
    /** 1-based line on which the Markdown body starts. */
    bodyLine: number
    /** The Markdown body, without the front matter. */
    body: string
    /** The file's stamp when it was read, if it had not changed shortly before (see FileStamp). */
    stamp: FileStamp
    /** A hash of the file's path and text, when the build cache recalled it from its stamp. */
    textHash: string
  }
}

/**
 * What identifies a file's version without reading it, as `git` and `make`
 * do: its device and inode, size, and times of last modification and of last
 * change. The change time is set by the system on any write or rename and
 * cannot be set back by a program, so an edit always changes the stamp, with
 * one exception: an edit within the clock tick of the read. A file changed
 * shortly before it was read therefore gets no stamp (see `settledBefore`).
 */
export interface FileStamp {
  dev: bigint
  ino: bigint
  size: bigint
  mtimeNs: bigint
  ctimeNs: bigint
}

export {VFile}

/** The file's path relative to the content folder. */
export function sourceOf(file: VFile): string {
  return file.data.source ?? file.basename ?? ''
}

type Place = {line: number; column: number}

function report(file: VFile, fatal: boolean, reason: string, ruleId: string, place?: Place, note?: string) {
  const message = file.message(reason, {place, ruleId, source: 'proceedings'})
  message.fatal = fatal
  if (note) message.note = note
  return message
}

/** Adds an error (a fatal message) to a file and returns it. */
export function fail(file: VFile, reason: string, ruleId: string, place?: Place, note?: string) {
  return report(file, true, reason, ruleId, place, note)
}

/** Adds a warning to a file and returns it. */
export function warn(file: VFile, reason: string, ruleId: string, place?: Place, note?: string) {
  return report(file, false, reason, ruleId, place, note)
}

/** A file's message as plain data, to cross to another thread: what reports show of it. */
export interface MessageRecord {
  reason: string
  place: VFileMessage['place']
  ruleId: string | undefined
  source: string | undefined
  fatal: VFileMessage['fatal']
  note: string | undefined
}

export function recordMessages(file: VFile): MessageRecord[] {
  return file.messages.map(({reason, place, ruleId, source, fatal, note}) => ({
    reason,
    place,
    ruleId,
    source,
    fatal,
    note
  }))
}

/** Adds messages recorded from a copy of this file, as they were. */
export function restoreMessages(file: VFile, records: MessageRecord[]) {
  for (const record of records) {
    const message = file.message(record.reason, {
      place: record.place,
      ruleId: record.ruleId,
      source: record.source
    })
    message.fatal = record.fatal
    if (record.note !== undefined) message.note = record.note
  }
}
