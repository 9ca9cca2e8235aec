import {mkdtemp, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import puppeteer, {type Browser} from 'puppeteer-core'
import {ExitCode, UserError} from '../errors.js'
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
  close(): Promise<void>
}

/** Starts the browser with a fresh profile that is deleted on close. */
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
      timeout: 60_000
    })
  } catch (error) {
    await rm(userDataDir, {recursive: true, force: true})
    throw new UserError(`Cannot start the browser at ${found.executablePath}: ${firstLine(error)}`, {
      exitCode: ExitCode.environment,
      hint: 'Run `npx proceedings setup` to install a working one, or pass another with `--chrome <path>`.',
      cause: error
    })
  }
  return {
    browser,
    async close() {
      await browser.close().catch(() => browser.process()?.kill('SIGKILL'))
      await rm(userDataDir, {recursive: true, force: true})
    }
  }
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? ''
}
