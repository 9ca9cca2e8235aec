import {spawn} from 'node:child_process'
import {Browser, detectBrowserPlatform, install, resolveBuildId} from '@puppeteer/browsers'
import {ExitCode, UserError} from '../errors.js'
import {findBrowser, puppeteerCacheDir, type FoundBrowser} from './find-browser.js'

/** Debian and Ubuntu packages that give a headless Chromium and fonts for Latin, Greek and Cyrillic scripts. */
export const systemPackages = ['chromium-headless-shell', 'fonts-noto-core']

export interface SetupResult {
  browser: FoundBrowser
  /** What was done: nothing (already there), a download, or a package install. */
  action: 'found' | 'downloaded' | 'installed'
}

/**
 * Makes sure a browser for the PDF exists: one already found is kept; else
 * Puppeteer's download of Chrome's headless shell where the network allows;
 * else the distribution's package where apt-get can run. Otherwise a clear
 * error says how to get one.
 */
export async function setupBrowser(log: (line: string) => void): Promise<SetupResult> {
  const existing = await findBrowser()
  if (existing) return {browser: existing, action: 'found'}

  const failures: string[] = []
  const platform = detectBrowserPlatform()
  if (platform) {
    log('Downloading Chrome headless shell into Puppeteer\'s cache…')
    try {
      const buildId = await resolveBuildId(Browser.CHROMEHEADLESSSHELL, platform, 'stable')
      await install({browser: Browser.CHROMEHEADLESSSHELL, buildId, cacheDir: puppeteerCacheDir(), platform})
      const found = await findBrowser()
      if (found) return {browser: found, action: 'downloaded'}
    } catch (error) {
      failures.push(`download: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`)
    }
  }

  if (process.platform === 'linux' && (await commandExists('apt-get'))) {
    const asRoot = process.getuid?.() === 0
    const sudo = asRoot ? [] : (await commandExists('sudo')) ? ['sudo', '-n'] : undefined
    if (sudo) {
      log(`Installing ${systemPackages.join(', ')} with apt-get…`)
      const env = {...process.env, DEBIAN_FRONTEND: 'noninteractive'}
      const update = await run([...sudo, 'apt-get', 'update', '-qq'], env)
      const installed = update === 0 && (await run([...sudo, 'apt-get', 'install', '-y', '-qq', ...systemPackages], env)) === 0
      const found = installed ? await findBrowser() : undefined
      if (found) return {browser: found, action: 'installed'}
      failures.push('apt-get: the install failed (see its output above)')
    } else {
      failures.push('apt-get: needs root or password-less sudo')
    }
  }

  throw new UserError(`Could not obtain a browser for the PDF (${failures.join('; ') || 'no download or package manager available'})`, {
    exitCode: ExitCode.environment,
    hint: `Install Chrome or Chromium (on Debian or Ubuntu: \`sudo apt-get install ${systemPackages.join(' ')}\`) and run setup again, or pass \`--chrome <path>\` to build.`
  })
}

function commandExists(command: string): Promise<boolean> {
  return run(['sh', '-c', `command -v ${command}`], process.env, 'ignore').then((code) => code === 0)
}

function run(command: string[], env: NodeJS.ProcessEnv, stdio: 'inherit' | 'ignore' = 'inherit'): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), {env, stdio: ['ignore', stdio, stdio]})
    child.on('error', () => resolve(127))
    child.on('close', (code) => resolve(code ?? 1))
  })
}
