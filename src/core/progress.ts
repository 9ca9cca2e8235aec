/** Where a build is, for the CLI to show: a stage starting, advancing or done. */
export type ProgressEvent =
  | {type: 'start'; stage: Stage; total?: number}
  | {type: 'advance'; stage: Stage; done: number; total: number; detail?: string}
  | {type: 'done'; stage: Stage; ms: number; detail: string}

export type Stage = 'load' | 'parse' | 'html' | 'search' | 'pdf' | 'parts' | 'pages' | 'json' | 'write'

export type ProgressListener = (event: ProgressEvent) => void

/** Times a stage and reports its start and end. */
export async function stage<T>(
  listener: ProgressListener | undefined,
  name: Stage,
  work: () => T | Promise<T>,
  detail: (result: T) => string
): Promise<T> {
  const started = performance.now()
  listener?.({type: 'start', stage: name})
  const result = await work()
  listener?.({type: 'done', stage: name, ms: performance.now() - started, detail: detail(result)})
  return result
}
