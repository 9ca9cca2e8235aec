import type {LaunchedBrowser} from '../../../browser/launch-browser.js'

/** Whether the browser's connection or its process has ended. */
export function isGone(launched: LaunchedBrowser): boolean {
  const child = launched.browser.process()
  return (
    !launched.browser.connected || (child !== null && (child.exitCode !== null || child.signalCode !== null))
  )
}

/** Runs the print, failing early when the browser disconnects (crash) or takes too long (hang). */
export function withWatchdog<T>(
  launched: LaunchedBrowser,
  timeoutMs: number,
  work: () => Promise<T>
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const child = launched.browser.process()
    // Killed while it started: its end has passed unseen, and a step on it may wait for ever.
    if (isGone(launched)) {
      reject(new Error('the browser closed unexpectedly'))
      return
    }
    // The first of the work's end, the browser's (its connection or its process), or the timeout settles it. A step
    // left waiting on a dead browser keeps no timer or listener behind, which would hold the finished command open.
    const settle = (outcome: () => void) => {
      clearTimeout(timer)
      launched.browser.off('disconnected', onDisconnect)
      child?.off('exit', onDisconnect)
      outcome()
    }
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(new Error(`the browser did not finish within ${Math.round(timeoutMs / 1000)} s`))
        ),
      timeoutMs
    )
    const onDisconnect = () => settle(() => reject(new Error('the browser closed unexpectedly')))
    launched.browser.once('disconnected', onDisconnect)
    child?.once('exit', onDisconnect)
    work().then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error))
    )
  })
}
