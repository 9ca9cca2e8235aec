import {cp, mkdir, readFile, readdir, rm, stat, utimes, writeFile} from 'node:fs/promises'
import {setTimeout as sleep} from 'node:timers/promises'
import {createHash} from 'node:crypto'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli} from '../helpers/cli.js'
import {folderFiles} from '../helpers/folder-files.js'
import {copyFixtures, repoDir, tempDir} from '../helpers/fixtures.js'
import {readPdf} from '../helpers/pdf.js'

const parseLine = (stdout: string) => /^parse: (.*) \(\d+ ms\)$/m.exec(stdout)?.[1]
const loadLine = (stdout: string) => /^load: (.*) \(\d+ ms\)$/m.exec(stdout)?.[1]
/** Files changed less than two seconds before a build get no stamp (see FileStamp): waited out where stamps are wanted. */
const settle = () => sleep(2100)

const files = (dir: string) => folderFiles(dir, (file) => readFile(file))

describe('the build cache', () => {
  it('parses only what changed, and a cached build is byte-identical to a clean one', async () => {
    const dir = await copyFixtures('basic')
    const env = {SOURCE_DATE_EPOCH: '1700000000'}
    const first = await runCli(['build', '.', '--out', 'first'], {cwd: dir, env})
    expect(parseLine(first.stdout)).toBe('10 parsed, 0 from the cache')
    // The contribution with an image is always parsed again: its parse depends on the image too.
    const second = await runCli(['build', '.', '--out', 'second'], {cwd: dir, env})
    expect(parseLine(second.stdout)).toBe('1 parsed, 9 from the cache')
    const clean = await runCli(['build', '.', '--out', 'clean', '--no-cache'], {cwd: dir, env})
    expect(parseLine(clean.stdout)).toBe('2 sessions, 8 contributions')

    const [cached, fresh] = await Promise.all([
      files(path.join(dir, 'second')),
      files(path.join(dir, 'clean'))
    ])
    expect([...cached.keys()].sort()).toEqual([...fresh.keys()].sort())
    for (const [file, bytes] of cached) expect(bytes.equals(fresh.get(file)!), file).toBe(true)

    const edited = path.join(dir, 'contributions/alpha/second-on-one.md')
    await writeFile(
      edited,
      (await readFile(edited, 'utf8')).replace('Bruno speaks second.', 'Bruno speaks second, edited.')
    )
    const third = await runCli(['build', '.', '--out', 'third', '--format', 'html'], {cwd: dir, env})
    expect(parseLine(third.stdout)).toBe('2 parsed, 8 from the cache')
    expect(await readFile(path.join(dir, 'third/sessions/alpha.html'), 'utf8')).toContain(
      'Bruno speaks second, edited.'
    )
    // The edited file's parse was added to the cache, not lost.
    const rebuild = async () =>
      parseLine((await runCli(['build', '.', '--out', 'fourth', '--format', 'html'], {cwd: dir, env})).stdout)
    expect(await rebuild()).toBe('1 parsed, 9 from the cache')
    // A build killed while adding to the cache leaves its last part cut short: the rest still serves.
    const [cacheFile] = (await readdir(path.join(dir, '.proceedings-cache'))).filter((name) =>
      name.startsWith('parse-')
    )
    const cachePath = path.join(dir, '.proceedings-cache', cacheFile!)
    await writeFile(cachePath, (await readFile(cachePath)).subarray(0, -10))
    expect(await rebuild()).toBe('2 parsed, 8 from the cache')
    expect(await rebuild()).toBe('1 parsed, 9 from the cache')
  })

  it('prints again only the piece of the PDF that changed, and gives the PDF of a clean build', async () => {
    const dir = await copyFixtures('basic')
    const env = {SOURCE_DATE_EPOCH: '1700000000'}
    const pdfLine = (stdout: string) => /^pdf: \d+ pages; (.*) \(\d+ ms\)$/m.exec(stdout)?.[1]
    const first = await runCli(['build', '.', '--out', 'first'], {cwd: dir, env})
    // The contents and the sessions printed once with placeholders, their numbers then drawn in; the indexes printed with theirs.
    expect(pdfLine(first.stdout)).toBe(
      '3 pieces printed in 1 round, 0 from the cache, numbers drawn into 2 pieces'
    )
    // Kept: the two prints with placeholders, and the three pieces as merged.
    expect(pdfLine((await runCli(['build', '.', '--out', 'again'], {cwd: dir, env})).stdout)).toBe(
      '0 pieces printed in 0 rounds, 5 from the cache'
    )

    const edited = path.join(dir, 'contributions/beta/beta-answer.md')
    await writeFile(
      edited,
      (await readFile(edited, 'utf8')).replace(
        /\n$/,
        '\n\nOne more sentence, written after the first build.\n'
      )
    )
    const second = await runCli(['build', '.', '--out', 'second'], {cwd: dir, env})
    expect(pdfLine(second.stdout)).toBe(
      '1 piece printed in 1 round, 3 from the cache, numbers drawn into 1 piece'
    )
    const clean = await runCli(['build', '.', '--out', 'clean', '--no-cache'], {cwd: dir, env})
    expect(clean.code).toBe(0)
    const [cached, fresh] = await Promise.all([
      readFile(path.join(dir, 'second/proceedings.pdf')),
      readFile(path.join(dir, 'clean/proceedings.pdf'))
    ])
    expect(cached.equals(fresh)).toBe(true)
    // Pieces no build uses any more are not kept.
    expect(
      (await readdir(path.join(dir, '.proceedings-cache/pdf'))).filter((name) => name.endsWith('.pdf'))
    ).toHaveLength(5)

    // An edit that adds pages moves the numbers of what follows: the indexes are printed again with
    // theirs, and the contents' are drawn again into the print kept from the first build.
    const lengthened = path.join(dir, 'contributions/alpha/first-on-one.md')
    await writeFile(
      lengthened,
      (await readFile(lengthened, 'utf8')) + '\nA paragraph added to fill pages. '.repeat(400) + '\n'
    )
    const third = await runCli(['build', '.', '--out', 'third'], {cwd: dir, env})
    expect(pdfLine(third.stdout)).toBe(
      '2 pieces printed in 1 round, 1 from the cache, numbers drawn into 2 pieces'
    )
    const cleanThird = await runCli(['build', '.', '--out', 'clean-third', '--no-cache'], {cwd: dir, env})
    expect(cleanThird.code).toBe(0)
    const [rebuilt, cleanBuilt] = await Promise.all([
      readFile(path.join(dir, 'third/proceedings.pdf')),
      readFile(path.join(dir, 'clean-third/proceedings.pdf'))
    ])
    expect(rebuilt.equals(cleanBuilt)).toBe(true)
  })

  it('prints a forum with a print.css of its own by measuring each piece first, to the same pages', async () => {
    const dir = await copyFixtures('basic')
    const env = {SOURCE_DATE_EPOCH: '1700000000'}
    const pdfLine = (stdout: string) => /^pdf: \d+ pages; (.*) \(\d+ ms\)$/m.exec(stdout)?.[1]
    const drawn = await runCli(['build', '.', '--out', 'drawn', '--no-cache'], {cwd: dir, env})
    expect(pdfLine(drawn.stdout)).toBe(
      '3 pieces printed in 1 round, 0 from the cache, numbers drawn into 2 pieces'
    )
    // A theme's own print.css may place page numbers anywhere: its numbers are not drawn but printed by Chromium.
    await mkdir(path.join(dir, 'templates'), {recursive: true})
    await writeFile(
      path.join(dir, 'templates/print.css'),
      (await readFile(path.join(repoDir, 'templates/print.css'), 'utf8')) + '\nh1 { color: #0b5d6b; }\n'
    )
    const measured = await runCli(['build', '.', '--out', 'measured', '--no-cache'], {cwd: dir, env})
    expect(pdfLine(measured.stdout)).toBe('6 pieces printed in 2 rounds, 0 from the cache')
    const [one, other] = await Promise.all([
      readPdf(path.join(dir, 'drawn/proceedings.pdf')),
      readPdf(path.join(dir, 'measured/proceedings.pdf'))
    ])
    expect(other.pages.map((page) => page.downThePage)).toEqual(one.pages.map((page) => page.downThePage))
    expect(other.labels).toEqual(one.labels)
  })

  it('reports problems in cached files at the right line', async () => {
    const dir = await copyFixtures('basic')
    expect((await runCli(['build', '.', '--format', 'json'], {cwd: dir})).code).toBe(0)
    // The session goes: its contributions, unchanged and cached, now name an unknown session.
    const beta = await readFile(path.join(dir, 'sessions/beta.md'), 'utf8')
    await writeFile(
      path.join(dir, 'sessions/beta.md'),
      beta.replace('title: Beta session', 'title: Beta session\nid: gamma')
    )
    const result = await runCli(['build', '.', '--format', 'json'], {cwd: dir})
    expect(result.code).toBe(1)
    expect(result.stderr.split('\n')[0]).toBe(
      'contributions/beta/beta-answer.md:3:10: error Unknown session `beta`, expected one of: `alpha`, `gamma` [unknown-session]'
    )
  })

  it('does not read files whose stamp is unchanged, and sees every edit', async () => {
    const dir = await copyFixtures('basic')
    const env = {SOURCE_DATE_EPOCH: '1700000000'}
    // A modification time that utimes can set back exactly (it takes no nanoseconds).
    const edited = path.join(dir, 'contributions/alpha/second-on-one.md')
    const monday = new Date('2024-03-04T09:00:00Z')
    await utimes(edited, monday, monday)
    await settle()
    // The site and the JSON: what is read, and when, is the same for the PDF, which the other tests here print.
    const build = async () => {
      const result = await runCli(['build', '.', '--out', 'out', '--format', 'html,json', '--verbose'], {
        cwd: dir,
        env
      })
      return {...result, load: loadLine(result.stdout), parse: parseLine(result.stdout)}
    }
    expect((await build()).load).toBe('11 files')
    // Every file but forum.md (always read) and the contribution with an image (never cached).
    expect((await build()).load).toBe('11 files, 9 unchanged')

    // An edit that keeps the size and puts the modification time back still changes the stamp.
    const before = await stat(edited, {bigint: true})
    await writeFile(
      edited,
      (await readFile(edited, 'utf8')).replace('Bruno speaks second.', 'Bruno speaks afresh.')
    )
    await utimes(edited, monday, monday)
    const after = await stat(edited, {bigint: true})
    expect([after.size, after.mtimeNs]).toEqual([before.size, before.mtimeNs])
    const third = await build()
    expect(third.load).toBe('11 files, 8 unchanged')
    expect(third.parse).toBe('2 parsed, 8 from the cache')
    expect(await readFile(path.join(dir, 'out/sessions/alpha.html'), 'utf8')).toContain(
      'Bruno speaks afresh.'
    )

    // Once settled, it is known by its stamp again. (A file changed less than two seconds before a
    // build is not stamped by it: tested in load-content.test.ts, where the clock is the test's.)
    await settle()
    await build()
    expect((await build()).load).toBe('11 files, 9 unchanged')

    // A file not read is read when a message needs its text: its session is renamed away.
    const beta = await readFile(path.join(dir, 'sessions/beta.md'), 'utf8')
    await writeFile(
      path.join(dir, 'sessions/beta.md'),
      beta.replace('title: Beta session', 'title: Beta session\nid: gamma')
    )
    const broken = await build()
    expect(broken.load).toBe('11 files, 8 unchanged')
    expect(broken.stderr.split('\n')[0]).toBe(
      'contributions/beta/beta-answer.md:3:10: error Unknown session `beta`, expected one of: `alpha`, `gamma` [unknown-session]'
    )

    // The output of a build from stamps is the output of a clean build.
    await writeFile(path.join(dir, 'sessions/beta.md'), beta)
    await settle()
    await build()
    expect((await build()).load).toBe('11 files, 9 unchanged')
    expect(
      (await runCli(['build', '.', '--out', 'clean', '--format', 'html,json', '--no-cache'], {cwd: dir, env}))
        .code
    ).toBe(0)
    const [cached, fresh] = await Promise.all([files(path.join(dir, 'out')), files(path.join(dir, 'clean'))])
    expect([...cached.keys()].sort()).toEqual([...fresh.keys()].sort())
    for (const [file, bytes] of cached) expect(bytes.equals(fresh.get(file)!), file).toBe(true)
  })

  it('keeps pages of the site, and renders again every page whose content changed', async () => {
    // The example forum: one session without images, whose page can be kept, and one with an image, rendered at every
    // build. The index and speakers pages can be kept too: they show no contribution's text. It has three editions,
    // each with its own pages.
    const dir = await tempDir()
    await cp(path.join(repoDir, 'content'), dir, {recursive: true})
    // The clean build of each state of the forum's files and options, made once: a state built again is compared with it.
    const cleanBuilds = new Map<string, string>()
    const cleanBuild = async (args: string[]) => {
      const state = createHash('sha256').update(JSON.stringify(args))
      const sources = (await readdir(dir, {recursive: true, withFileTypes: true}))
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
        .filter((file) => !/^(out|clean-\d+|\.proceedings-cache)\//.test(file))
        .sort()
      for (const file of sources) state.update(`${file}\0`).update(await readFile(path.join(dir, file)))
      const key = state.digest('hex')
      const known = cleanBuilds.get(key)
      if (known) return known
      const out = `clean-${cleanBuilds.size}`
      expect(
        (await runCli(['build', '.', '--out', out, '--format', 'html', '--no-cache', ...args], {cwd: dir}))
          .code
      ).toBe(0)
      cleanBuilds.set(key, out)
      return out
    }
    const build = async (...args: string[]) => {
      const result = await runCli(['build', '.', '--out', 'out', '--format', 'html', '--verbose', ...args], {
        cwd: dir
      })
      expect(result.code, result.stderr).toBe(0)
      // Every page as a clean build gives it.
      const clean = await cleanBuild(args)
      const [kept, fresh] = await Promise.all([files(path.join(dir, 'out')), files(path.join(dir, clean))])
      expect([...kept.keys()].sort()).toEqual([...fresh.keys()].sort())
      for (const [file, bytes] of kept) expect(bytes.equals(fresh.get(file)!), file).toBe(true)
      // One line per edition (`html: es: 10 files, 5 unchanged`): each counts its own pages alone.
      for (const stage of ['html', 'pages']) {
        const lines = [
          ...result.stdout.matchAll(
            new RegExp(`^${stage}: (\\w+): (\\d+) [^,\\n]*(?:, (\\d+) unchanged)? \\(\\d+ ms\\)$`, 'gm')
          )
        ]
        expect(
          lines.map((line) => line[1]),
          stage
        ).toEqual(['en', 'es', 'fr'])
        for (const [line, , count, unchanged] of lines)
          expect(Number(unchanged ?? 0), line).toBeLessThanOrEqual(Number(count))
      }
      // The English edition, at the root, as the forum's own language: its pages are counted below.
      landing = /^pages: en: (.*) \(\d+ ms\)$/m.exec(result.stdout)?.[1]
      return /^html: en: (.*) \(\d+ ms\)$/m.exec(result.stdout)?.[1]
    }
    let landing: string | undefined
    const edit = async (file: string, from: string, to: string) => {
      const text = await readFile(path.join(dir, file), 'utf8')
      expect(text).toContain(from)
      await writeFile(path.join(dir, file), text.replace(from, to))
    }
    expect(await build()).toBe('10 files')
    expect(landing).toBe('14 contribution pages')
    expect(await build()).toBe('10 files, 5 unchanged')
    // Landing pages are kept too, but for the one showing an image.
    expect(landing).toBe('14 contribution pages, 13 unchanged')
    // A contribution's text, then its title; the other session's title (in the navigation), the forum's title.
    const contribution = 'contributions/local-to-global/municipal-lessons-from-the-pandemic.md'
    await edit(contribution, 'During the first months', 'During the very first months')
    expect(await build()).toBe('10 files, 4 unchanged')
    expect(landing).toBe('14 contribution pages, 12 unchanged')
    await edit(contribution, 'title: "', 'title: "Edited: ')
    expect(await build()).toBe('10 files')
    expect(await build()).toBe('10 files, 5 unchanged')
    await edit('sessions/intercooperation-alliances.md', 'title: Building', 'title: Rebuilding')
    expect(await build()).toBe('10 files')
    await edit('forum.md', 'title: Global', 'title: The Global')
    expect(await build()).toBe('10 files')
    // Drafts in or out.
    await edit(contribution, 'title: ', 'draft: true\ntitle: ')
    expect(await build()).toBe('10 files')
    expect(await build('--drafts')).toBe('10 files')
    expect(await build('--drafts')).toBe('10 files, 5 unchanged')
    expect(await build()).toBe('10 files')
    // Only the pages the last build used are kept: in each of the three editions five, and the landing pages of the 13
    // contributions but the one with an image.
    expect(await readdir(path.join(dir, '.proceedings-cache/pages'))).toHaveLength(3 * (5 + 12))
    // Citations are kept too; a damaged store is formatted again, to the same bytes.
    await writeFile(path.join(dir, '.proceedings-cache/citations.json'), '{"context": ')
    expect(await build()).toBe('10 files, 5 unchanged')
    expect(
      JSON.parse(await readFile(path.join(dir, '.proceedings-cache/citations.json'), 'utf8'))
    ).toHaveProperty('entries')

    // A forum's own template may show anything on a page: with one, every page is rendered.
    await mkdir(path.join(dir, 'templates/partials'), {recursive: true})
    await writeFile(
      path.join(dir, 'templates/partials/people.hbs'),
      '<p class="custom-people">{{#each this}}{{name}}{{/each}}</p>\n'
    )
    expect(await build()).toBe('10 files')
    expect(await build()).toBe('10 files')
  }, 180_000)

  it('serves a forum checked out in another folder from the cache restored with it, as in a CI job', async () => {
    const env = {SOURCE_DATE_EPOCH: '1700000000'}
    const first = await copyFixtures('basic')
    expect((await runCli(['build', '.', '--out', 'out'], {cwd: first, env})).code).toBe(0)
    // Another checkout: every file has another path and stamp; the cache comes with it.
    const other = await tempDir()
    await cp(first, other, {recursive: true})
    await rm(path.join(other, 'out'), {recursive: true})
    const again = await runCli(['build', '.', '--out', 'out'], {cwd: other, env})
    expect(again.code, again.stderr).toBe(0)
    expect(loadLine(again.stdout)).toBe('11 files')
    expect(parseLine(again.stdout)).toBe('1 parsed, 9 from the cache')
    expect(/^html: (.*) \(\d+ ms\)$/m.exec(again.stdout)?.[1]).toBe('10 files, 5 unchanged')
    expect(/^pdf: \d+ pages; (.*) \(\d+ ms\)$/m.exec(again.stdout)?.[1]).toBe(
      '0 pieces printed in 0 rounds, 5 from the cache'
    )
    const [there, here] = await Promise.all([files(path.join(first, 'out')), files(path.join(other, 'out'))])
    expect([...here.keys()].sort()).toEqual([...there.keys()].sort())
    for (const [file, bytes] of here) expect(bytes.equals(there.get(file)!), file).toBe(true)
  })

  it('rebuilds a cache it cannot read, and --no-cache leaves none', async () => {
    const dir = await copyFixtures('basic')
    expect((await runCli(['build', '.', '--format', 'json'], {cwd: dir})).code).toBe(0)
    const [cacheFile] = (await readdir(path.join(dir, '.proceedings-cache'))).filter((name) =>
      name.startsWith('parse-')
    )
    await writeFile(path.join(dir, '.proceedings-cache', cacheFile!), '{"broken": ')
    const result = await runCli(['build', '.', '--format', 'json'], {cwd: dir})
    expect(result.code).toBe(0)
    expect(parseLine(result.stdout)).toBe('10 parsed, 0 from the cache')
    // Cut short (a full disk, a killed copy), beside the cache of another version of the tool. (The
    // contribution with an image is never cached: its parse depends on the image file too.)
    const cachePath = path.join(dir, '.proceedings-cache', cacheFile!)
    await writeFile(cachePath, (await readFile(cachePath)).subarray(0, -10))
    await writeFile(path.join(dir, '.proceedings-cache', 'parse-0123456789abcdef.json'), '{}')
    expect(parseLine((await runCli(['build', '.', '--format', 'json'], {cwd: dir})).stdout)).toBe(
      '10 parsed, 0 from the cache'
    )
    expect(parseLine((await runCli(['build', '.', '--format', 'json'], {cwd: dir})).stdout)).toBe(
      '1 parsed, 9 from the cache'
    )
    expect(
      (await readdir(path.join(dir, '.proceedings-cache'))).filter((name) => name.startsWith('parse-'))
    ).toEqual([cacheFile])

    const other = await copyFixtures('basic')
    expect((await runCli(['build', '.', '--format', 'json', '--no-cache'], {cwd: other})).code).toBe(0)
    expect((await readdir(other)).includes('.proceedings-cache')).toBe(false)
  })
})
