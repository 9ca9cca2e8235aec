import type {VFile} from '../content/content-file.js'

export interface Counts {
  errors: number
  warnings: number
  infos: number
}

/** Counts messages by severity across files. */
export function countMessages(files: VFile[]): Counts {
  const counts: Counts = {errors: 0, warnings: 0, infos: 0}
  for (const file of files) {
    for (const message of file.messages) {
      if (message.fatal) counts.errors++
      else if (message.fatal === false) counts.warnings++
      else counts.infos++
    }
  }
  return counts
}

/** Whether the messages stop a build: any error, or with `strict` any warning. */
export function hasBlockingMessages(files: VFile[], strict: boolean): boolean {
  const counts = countMessages(files)
  return counts.errors > 0 || (strict && counts.warnings > 0)
}
