import {accessSync, constants} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {Browser, computeExecutablePath, getInstalledBrowsers} from '@puppeteer/browsers'
import {ExitCode, UserError} from '../errors.js'

export interface FoundBrowser {
  executablePath: string
  /** Where it was found, for messages: `--chrome`, an environment variable, Puppeteer's cache, the system. */
  origin: string
  /** Chrome's headless shell runs the old headless mode, which prints the same and starts faster. */
  headlessShell: boolean
}

/** Where `proceedings setup` and Puppeteer keep downloaded browsers. */
export function puppeteerCacheDir(): string {
  return process.env.PUPPETEER_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'puppeteer')
}

const systemPaths: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: [
    '/usr/lib/chromium/chromium-headless-shell',
    '/usr/bin/chromium-headless-shell',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/snap/bin/chromium'
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium'
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe'
  ]
}

/**
 * Finds a Chromium the PDF step can drive, in this order: the `--chrome`
 * option, `PUPPETEER_EXECUTABLE_PATH`, Puppeteer's cache, the usual system
 * paths. A path given explicitly that does not work is an error, not skipped.
 */
export async function findBrowser(explicit?: string): Promise<FoundBrowser | undefined> {
  for (const [value, origin] of [
    [explicit, '--chrome'],
    [process.env.PUPPETEER_EXECUTABLE_PATH, 'PUPPETEER_EXECUTABLE_PATH']
  ] as const) {
    if (!value) continue
    if (!isExecutable(value)) {
      throw new UserError(
        `No browser at ${value} (from ${origin}): point it at a Chrome or Chromium executable, or run \`npx proceedings setup\``,
        {
          exitCode: ExitCode.environment
        }
      )
    }
    return {executablePath: value, origin, headlessShell: isHeadlessShell(value)}
  }

  const cached = await fromPuppeteerCache()
  if (cached) return cached

  for (const candidate of systemPaths[process.platform] ?? []) {
    if (isExecutable(candidate))
      return {executablePath: candidate, origin: 'system', headlessShell: isHeadlessShell(candidate)}
  }
  return undefined
}

/** Like findBrowser, but a missing browser is a one-line error naming `proceedings setup`. */
export async function requireBrowser(explicit?: string): Promise<FoundBrowser> {
  const found = await findBrowser(explicit)
  if (found) return found
  throw new UserError(
    'No Chrome or Chromium found for the PDF: run `npx proceedings setup`, pass `--chrome <path>`, or build with `--format html,json`',
    {
      exitCode: ExitCode.environment
    }
  )
}

async function fromPuppeteerCache(): Promise<FoundBrowser | undefined> {
  const cacheDir = puppeteerCacheDir()
  const installed = await getInstalledBrowsers({cacheDir}).catch(() => [])
  const usable = installed
    .filter(
      (browser) =>
        browser.browser === Browser.CHROMEHEADLESSSHELL ||
        browser.browser === Browser.CHROME ||
        browser.browser === Browser.CHROMIUM
    )
    .sort(
      (a, b) =>
        (a.browser === Browser.CHROMEHEADLESSSHELL ? -1 : 0) -
        (b.browser === Browser.CHROMEHEADLESSSHELL ? -1 : 0)
    )
  for (const browser of usable) {
    const executablePath = computeExecutablePath({
      cacheDir,
      browser: browser.browser,
      buildId: browser.buildId,
      platform: browser.platform
    })
    if (isExecutable(executablePath)) {
      return {
        executablePath,
        origin: "Puppeteer's cache",
        headlessShell: browser.browser === Browser.CHROMEHEADLESSSHELL
      }
    }
  }
  return undefined
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function isHeadlessShell(file: string): boolean {
  return /headless[-_]shell/i.test(path.basename(file))
}
