import {mkdtemp, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import puppeteer, {type Browser} from 'puppeteer-core'
import type {FoundBrowser} from './find-browser.js'

/**
 * Flags for a browser that only prints local pages: no sandbox when running
 * as root (Chromium refuses to start otherwise), no background traffic.
 */
const args = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--font-render-hinting=none'
]

export interface LaunchedBrowser {
  browser: Browser
  /** Closes the browser; with `kill`, or when it does not answer, kills it. */
  close(options?: {kill?: boolean}): Promise<void>
}

/** Starts the browser with a fresh profile that is deleted on close. Throws when it cannot start. */
export async function launchBrowser(found: FoundBrowser): Promise<LaunchedBrowser> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'proceedings-chrome-'))
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0
  let browser: Browser
  try {
    browser = await puppeteer.launch({
      executablePath: found.executablePath,
      headless: found.headlessShell ? 'shell' : true,
      userDataDir,
      args: runningAsRoot || process.env.CI ? [...args, '--no-sandbox'] : args,
      timeout: 60_000,
      // Over a pipe, the browser exits when this process dies, however it dies.
      pipe: true,
      // Signals are the CLI's to handle: it aborts the build, which closes the browser.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false
    })
  } catch (error) {
    await rm(userDataDir, {recursive: true, force: true})
    throw new Error(`cannot start the browser at ${found.executablePath}: ${firstLine(error)}`, {
      cause: error
    })
  }
  return {
    browser,
    async close({kill = false} = {}) {
      const child = browser.process()
      // A hung browser never answers `close`: give it a moment, then kill it.
      const closed =
        !kill &&
        (await Promise.race([
          browser.close().then(
            () => true,
            () => false
          ),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000).unref())
        ]))
      if (!closed && child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL')
        await new Promise((resolve) => child.once('exit', resolve))
      }
      // The browser runs in a process group of its own. Its helper processes (renderers) outlive a killed browser
      // by a second or two: they go with the group now.
      if (!closed && child?.pid !== undefined && process.platform !== 'win32') {
        try {
          process.kill(-child.pid, 'SIGKILL')
        } catch {
          // No such group left: nothing to do.
        }
      }
      await rm(userDataDir, {recursive: true, force: true})
    }
  }
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? ''
}
