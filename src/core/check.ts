import type {VFile} from '../content/content-file.js'
import {hasBlockingMessages} from './diagnostics.js'
import {loadProceedings} from './load-proceedings.js'

export interface CheckResult {
  files: VFile[]
  ok: boolean
}

/** Validates a forum folder without writing anything. Drafts are checked too. */
export async function check(
  contentDir: string,
  options: {strict?: boolean; signal?: AbortSignal} = {}
): Promise<CheckResult> {
  const loaded = await loadProceedings(contentDir, {drafts: true, signal: options.signal})
  return {files: loaded.files, ok: !hasBlockingMessages(loaded.files, options.strict ?? false)}
}
