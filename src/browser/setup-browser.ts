import {spawn} from 'node:child_process'
import {Browser, detectBrowserPlatform, install, resolveBuildId} from '@puppeteer/browsers'
import {ExitCode, UserError} from '../errors.js'
import {reportedVersion} from './browser-version.js'
import {findBrowser, puppeteerCacheDir, type FoundBrowser} from './find-browser.js'
import {isTestedMajor} from './tested-chromium.js'

/** Debian packages that give a headless Chromium and fonts for Latin, Greek and Cyrillic scripts. */
export const systemPackages = ['chromium-headless-shell', 'fonts-noto-core']

export interface SetupResult {
  browser: FoundBrowser
  /** What was done: nothing (already there), a download, or a package install. */
  action: 'found' | 'downloaded' | 'installed'
  /** The version the browser reports (`Chromium 156.0.8078.114`), when it tells. */
  version: string | undefined
  /** Whether its major version is one the PDF is tested with (`tested-chromium.ts`). */
  tested: boolean
}

/**
 * Makes sure a browser for the PDF exists: one already found is kept; else
 * Puppeteer's download of Chrome's headless shell where the network allows;
 * else the distribution's package where apt-get can run. Otherwise a clear
 * error says how to get one. Says which version it is, and whether tested.
 */
export async function setupBrowser(log: (line: string) => void): Promise<SetupResult> {
  const obtained = await obtainBrowser(log)
  const version = await reportedVersion(obtained.browser.executablePath)
  return {...obtained, version, tested: version !== undefined && isTestedMajor(version)}
}

async function obtainBrowser(log: (line: string) => void): Promise<Omit<SetupResult, 'version' | 'tested'>> {
  const existing = await findBrowser()
  if (existing) {
    await ensureFonts(log)
    return {browser: existing, action: 'found'}
  }

  const failures: string[] = []
  const platform = detectBrowserPlatform()
  if (platform) {
    log("Downloading Chrome headless shell into Puppeteer's cache…")
    try {
      const buildId = await resolveBuildId(Browser.CHROMEHEADLESSSHELL, platform, 'stable')
      await install({browser: Browser.CHROMEHEADLESSSHELL, buildId, cacheDir: puppeteerCacheDir(), platform})
      const found = await findBrowser()
      if (found) return {browser: found, action: 'downloaded'}
    } catch (error) {
      failures.push(`download: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`)
    }
  }

  const installed = await aptInstall(systemPackages, log)
  if (installed === true) {
    const found = await findBrowser()
    if (found) return {browser: found, action: 'installed'}
    failures.push('apt-get: installed, but no browser found')
  } else if (installed) {
    failures.push(`apt-get: ${installed}`)
  }

  throw new UserError(
    `Could not obtain a browser for the PDF (${failures.join('; ') || 'no download or package manager available'})`,
    {
      exitCode: ExitCode.environment,
      hint: `Install Chrome or Chromium (on Debian: \`sudo apt-get install ${systemPackages.join(' ')}\`) and run setup again, or pass \`--chrome <path>\` to build.`
    }
  )
}

/** The themes print with Noto Serif and Noto Sans; installs them where apt-get can, else says so. */
async function ensureFonts(log: (line: string) => void) {
  if (process.platform !== 'linux' || !(await commandExists('fc-list'))) return
  const families = await output(['fc-list', ':', 'family'])
  if (/Noto Serif/.test(families) && /Noto Sans/.test(families)) return
  if ((await aptInstall(['fonts-noto-core'], log)) === true) return
  log(
    'Noto Serif and Noto Sans are not installed: the PDF will use other fonts, which may lack some letters. Install them (Debian: fonts-noto-core).'
  )
}

/**
 * Installs Debian packages with apt-get, as root or with password-less sudo.
 * Returns true when installed, undefined where apt-get is not there, or why it failed.
 */
async function aptInstall(
  packages: string[],
  log: (line: string) => void
): Promise<true | string | undefined> {
  if (process.platform !== 'linux' || !(await commandExists('apt-get'))) return undefined
  const sudo = process.getuid?.() === 0 ? [] : (await commandExists('sudo')) ? ['sudo', '-n'] : undefined
  if (!sudo) return 'needs root or password-less sudo'
  log(`Installing ${packages.join(', ')} with apt-get…`)
  const env = {...process.env, DEBIAN_FRONTEND: 'noninteractive'}
  const ok =
    (await run([...sudo, 'apt-get', 'update', '-qq'], env)) === 0 &&
    (await run([...sudo, 'apt-get', 'install', '-y', '-qq', ...packages], env)) === 0
  return ok ? true : 'the install failed (see its output above)'
}

function output(command: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), {stdio: ['ignore', 'pipe', 'ignore']})
    let text = ''
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()))
    child.on('error', () => resolve(''))
    child.on('close', () => resolve(text))
  })
}

function commandExists(command: string): Promise<boolean> {
  return run(['sh', '-c', `command -v ${command}`], process.env, 'ignore').then((code) => code === 0)
}

function run(
  command: string[],
  env: NodeJS.ProcessEnv,
  stdio: 'inherit' | 'ignore' = 'inherit'
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), {env, stdio: ['ignore', stdio, stdio]})
    child.on('error', () => resolve(127))
    child.on('close', (code) => resolve(code ?? 1))
  })
}
