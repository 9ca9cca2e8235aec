import {spawn, type ChildProcess} from 'node:child_process'
import {readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import puppeteer, {type Browser, type Page} from 'puppeteer-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {findBrowser} from '../../src/browser/find-browser.js'
import {binPath, runCli} from '../helpers/cli.js'
import {copyFixtures} from '../helpers/fixtures.js'

let browser: Browser
let dir: string

beforeAll(async () => {
  dir = await copyFixtures('basic')
  expect((await runCli(['build', '.', '--format', 'html'], {cwd: dir})).code).toBe(0)
  const found = await findBrowser()
  if (!found) throw new Error('No browser: run `npx proceedings setup`')
  browser = await puppeteer.launch({
    executablePath: found.executablePath,
    headless: found.headlessShell ? 'shell' : true,
    args: ['--no-sandbox']
  })
}, 60_000)

afterAll(async () => {
  await browser?.close()
})

/** A page that records what the policy blocked, from before its first script. */
async function watchedPage(): Promise<Page & {blocked(): Promise<string[]>}> {
  const page = await browser.newPage()
  await page.evaluateOnNewDocument(() => {
    const blocked: string[] = []
    Object.assign(window, {blocked})
    document.addEventListener('securitypolicyviolation', (event) =>
      blocked.push(`${event.effectiveDirective} ${event.blockedURI}`)
    )
  })
  return Object.assign(page, {
    blocked: () => page.evaluate(() => (window as unknown as {blocked: string[]}).blocked)
  })
}

describe("the site's Content-Security-Policy", () => {
  it('lets every page of the site, opened from disk, show its styles and images', async () => {
    const page = await watchedPage()
    for (const file of ['index.html', 'speakers.html', 'sessions/beta.html', 'sessions/alpha.html']) {
      await page.goto(`file://${path.join(dir, 'dist', file)}`, {waitUntil: 'load'})
      // The theme's stylesheet applies: the skip link is moved off screen by it.
      expect(await page.$eval('.skip-link', (node) => getComputedStyle(node).position), file).toBe('absolute')
      expect(await page.blocked(), file).toEqual([])
    }
    expect(
      await page.$eval('[id="c:untagged"] img', (node) => (node as HTMLImageElement).naturalWidth)
    ).toBeGreaterThan(0)
    await page.close()
  })

  it('stops a script that found its way into a page, inline or from elsewhere', async () => {
    const file = path.join(dir, 'dist/sessions/alpha.html')
    const html = await readFile(file, 'utf8')
    await writeFile(
      path.join(dir, 'dist/sessions/injected.html'),
      html.replace(
        '</main>',
        '<script>document.title = "ran"</script><img src="../assets/style.css" onerror="document.title = \'ran\'">' +
          '<script src="https://evil.example/x.js"></script><a id="go" href="javascript:document.title=\'ran\'">x</a></main>'
      )
    )
    const page = await watchedPage()
    await page.goto(`file://${path.join(dir, 'dist/sessions/injected.html')}`, {waitUntil: 'load'})
    await page.click('#go')
    expect(await page.title()).not.toBe('ran')
    const blocked = await page.blocked()
    expect(blocked.filter((line) => line.startsWith('script-src'))).toEqual(
      expect.arrayContaining(['script-src-elem inline', 'script-src-elem https://evil.example/x.js'])
    )
    expect(blocked.some((line) => line.startsWith('script-src-attr'))).toBe(true)
    await page.close()
  })

  it("leaves serve's live reload working under the same policy", async () => {
    const child: ChildProcess = spawn(process.execPath, [binPath, 'serve', '.', '--port', '0'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let stdout = ''
        child.stdout!.on('data', (chunk) => {
          stdout += chunk
          const match = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)
          if (match) resolve(match[1]!)
        })
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)))
      })
      const page = await watchedPage()
      await page.goto(new URL('sessions/alpha.html', url).href, {waitUntil: 'load'})
      // The script is loaded, then opens its event stream (which never ends, so has no timing entry of its own).
      await page.waitForFunction(
        () =>
          performance
            .getEntriesByType('resource')
            .some((entry) => entry.name.endsWith('/__proceedings/live-reload.js')),
        {timeout: 10_000}
      )
      await new Promise((resolve) => setTimeout(resolve, 1000))
      const file = path.join(dir, 'contributions/alpha/second-on-one.md')
      const reloaded = page.waitForNavigation({timeout: 20_000})
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace(
          'title: Second on question one',
          'title: Second, reloaded live'
        )
      )
      await reloaded
      expect(await page.content()).toContain('Second, reloaded live')
      expect(await page.blocked()).toEqual([])
      await page.close()
    } finally {
      child.kill('SIGINT')
    }
  }, 60_000)
})
