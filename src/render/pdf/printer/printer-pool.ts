import type {Printer} from './printer.js'

/**
 * Runs the work of each item on the first free printer. After a failure no
 * item is started, and the failure is thrown only once every printer has
 * finished what it was doing: a browser still starting when the PDF step
 * ends would be left running, and keep the process alive.
 */
export async function inPool<T>(
  printers: Printer[],
  items: T[],
  work: (printer: Printer, item: T) => Promise<void>
): Promise<void> {
  let next = 0
  let failure: {error: unknown} | undefined
  await Promise.all(
    printers.map(async (printer) => {
      while (!failure && next < items.length) {
        try {
          await work(printer, items[next++]!)
        } catch (error) {
          failure ??= {error}
        }
      }
    })
  )
  if (failure) throw failure.error
}

/**
 * Runs two steps for each item on a pool of printers: `first` for each item
 * in `order`, then `second` on the printer that did its first, once the
 * item is `ready`. A printer does a ready second step before a new first
 * one, so that few pages stay open in between, and waits only when it has
 * nothing else to do. After a failure no step is started, what was kept is
 * released, and the failure is thrown once every printer has stopped.
 */
export async function inTwoSteps<K>(
  printers: Printer[],
  order: number[],
  steps: {
    ready: (index: number) => boolean
    first: (printer: Printer, index: number) => Promise<K>
    second: (printer: Printer, index: number, kept: K) => Promise<void>
    release: (kept: K) => Promise<void>
  }
): Promise<void> {
  let next = 0
  let failure: {error: unknown} | undefined
  const wake: (() => void)[] = []
  const changed = () => {
    for (const resolve of wake.splice(0)) resolve()
  }
  await Promise.all(
    printers.map(async (printer) => {
      const waiting: {index: number; kept: K}[] = []
      try {
        while (!failure) {
          const ready = waiting.findIndex(({index}) => steps.ready(index))
          if (ready >= 0) {
            const [{index, kept}] = waiting.splice(ready, 1) as [{index: number; kept: K}]
            await steps.second(printer, index, kept)
          } else if (next < order.length) {
            const index = order[next++]!
            waiting.push({index, kept: await steps.first(printer, index)})
            changed()
          } else if (waiting.length) {
            await new Promise<void>((resolve) => wake.push(resolve))
          } else {
            break
          }
        }
      } catch (error) {
        failure ??= {error}
        changed()
      } finally {
        await Promise.all(waiting.map(({kept}) => steps.release(kept).catch(() => undefined)))
      }
    })
  )
  if (failure) throw failure.error
}
