import path from 'node:path'
import {VFile} from 'vfile'
import type {ContentKind} from '../../src/content/content-file.js'

export const virtualRoot = path.resolve('/virtual-forum')

/** A content file held in memory, as the loader would make it. */
export function virtualFile(source: string, text: string, kind: ContentKind = 'contribution'): VFile {
  const file = new VFile({path: path.join(virtualRoot, source), value: text})
  file.data.kind = kind
  file.data.source = source
  return file
}

/** Messages of a file as `line:column severity rule`, for compact assertions. */
export function messagesOf(file: VFile): string[] {
  return file.messages.map(
    (message) =>
      `${message.line ?? '?'}:${message.column ?? '?'} ${message.fatal ? 'error' : 'warning'} ${message.ruleId ?? ''}`
  )
}
