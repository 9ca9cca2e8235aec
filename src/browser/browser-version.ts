import {execFile} from 'node:child_process'
import {stat} from 'node:fs/promises'

/**
 * The version line the browser reports (`Chromium 156.0.8078.114`), asked
 * with `--version`, which starts no browser and answers in a few tens of
 * milliseconds. Where it gives none (Windows' chrome.exe opens a window for
 * it, so it is not asked there), the executable's path, size and time stand
 * in: they change with an update of the browser itself, though not of a
 * launcher script in front of it.
 */
export async function browserVersion(executablePath: string): Promise<string> {
  const reported = await reportedVersion(executablePath)
  if (reported) return reported
  const file = await stat(executablePath).catch(() => undefined)
  return `${executablePath} ${file?.size ?? ''} ${file?.mtimeMs ?? ''}`
}

/** The version line the browser reports, or undefined where it is not asked or gives none. */
export function reportedVersion(executablePath: string): Promise<string | undefined> {
  if (process.platform === 'win32') return Promise.resolve(undefined)
  return new Promise((resolve) => {
    execFile(executablePath, ['--version'], {timeout: 10_000, windowsHide: true}, (error, stdout) => {
      const line = String(stdout).trim().split('\n')[0]?.trim()
      resolve(!error && line && /\d+\.\d+/.test(line) ? line : undefined)
    })
  })
}
