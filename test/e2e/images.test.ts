import {execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {mkdir, readdir, readFile, symlink, writeFile} from 'node:fs/promises'
import path from 'node:path'
import type {Element} from 'hast'
import {beforeAll, describe, expect, it} from 'vitest'
import {runCli, type CliResult} from '../helpers/cli.js'
import {copyFixtures, fixturesDir, tempDir} from '../helpers/fixtures.js'
import {readHtml, selectAll, text} from '../helpers/html.js'

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')
/** Where the site puts an image: named by the hash of its bytes, with the extension of its type. */
const published = async (file: string, extension: string) =>
  `assets/content/${sha256(await readFile(path.join(fixturesDir, 'images', file))).slice(0, 32)}${extension}`

let dir: string
let result: CliResult

beforeAll(async () => {
  dir = await copyFixtures('minimal', 'images')
  const pictures = path.join(dir, 'contributions/pictures')
  // A valid image outside the content folder, reached by a link to it and by a link to its folder.
  const outside = await tempDir()
  await writeFile(path.join(outside, 'real.png'), await readFile(path.join(fixturesDir, 'images/logo.png')))
  await symlink(path.join(outside, 'real.png'), path.join(pictures, 'outside.png'))
  await symlink(outside, path.join(pictures, 'outside-folder'))
  await symlink('/etc/passwd', path.join(pictures, 'passwd.png'))
  // Links that stay inside the folder but reach what is never published: a contribution's source, a hidden file.
  await symlink('../draft.md', path.join(pictures, 'to-draft.png'))
  await symlink('../../.secret/key.png', path.join(pictures, 'to-secret.png'))
  // A link to an image of the folder is that image.
  await symlink('chart.png', path.join(pictures, 'alias.png'))
  // Things that cannot be read as a file.
  await symlink('nothing-here.png', path.join(pictures, 'dangling.png'))
  await symlink('loop.png', path.join(pictures, 'loop.png'))
  execFileSync('mkfifo', [path.join(pictures, 'fifo.png')])
  await mkdir(path.join(pictures, 'folder.png'))
  result = await runCli(['build', '.', '--format', 'html,json'], {cwd: dir})
}, 60_000)

describe('images of contributions', () => {
  it('refuses every reference that is not an image file of the content folder, at its line, and still builds', () => {
    expect(result.code).toBe(0)
    const lines = result.stderr.split('\n').filter((line) => line.startsWith('contributions/'))
    expect(lines).toEqual([
      'contributions/hostile.md:8:1: warning Image `pictures/fake.png` refused: expected the bytes of a PNG image as its name says, found something else [image-type]',
      'contributions/hostile.md:10:1: warning Image `pictures/renamed.png` refused: expected the bytes of a PNG image as its name says, found a JPEG image [image-type]',
      'contributions/hostile.md:12:1: warning Image `pictures/drawing.svg` refused: SVG is not published, expected a PNG, JPEG, GIF, WebP or AVIF file [image-type]',
      'contributions/hostile.md:14:1: warning Image `pictures/page.html` refused: expected a PNG, JPEG, GIF, WebP or AVIF file, found a `.html` file [image-type]',
      'contributions/hostile.md:16:1: warning Image `draft.md` refused: expected a PNG, JPEG, GIF, WebP or AVIF file, found a `.md` file [image-type]',
      'contributions/hostile.md:18:1: warning Image `../forum.md` refused: expected a PNG, JPEG, GIF, WebP or AVIF file, found a `.md` file [image-type]',
      'contributions/hostile.md:20:1: warning Image `../.env` refused: it is a hidden file or in a hidden folder [image-path]',
      'contributions/hostile.md:22:1: warning Image `../.secret/key.png` refused: it is a hidden file or in a hidden folder [image-path]',
      'contributions/hostile.md:24:1: warning Image `pictures/outside.png` refused: it is a link to a file outside the content folder, expected a file inside it [image-path]',
      'contributions/hostile.md:26:1: warning Image `pictures/outside-folder/real.png` refused: it is a link to a file outside the content folder, expected a file inside it [image-path]',
      'contributions/hostile.md:28:1: warning Image `pictures/passwd.png` refused: it is a link to a file outside the content folder, expected a file inside it [image-path]',
      'contributions/hostile.md:30:1: warning Image `pictures/to-draft.png` refused: expected a PNG, JPEG, GIF, WebP or AVIF file, found a `.md` file [image-type]',
      'contributions/hostile.md:32:1: warning Image `pictures/to-secret.png` refused: it is a hidden file or in a hidden folder [image-path]',
      'contributions/hostile.md:34:1: warning Image `pictures/dangling.png` refused: it is a link to a file that does not exist [unreadable-image]',
      'contributions/hostile.md:36:1: warning Image `pictures/loop.png` could not be read: a loop of links [unreadable-image]',
      'contributions/hostile.md:38:1: warning Image `pictures/fifo.png` refused: expected a file, found a named pipe (FIFO) [unreadable-image]',
      'contributions/hostile.md:40:1: warning Image `pictures/folder.png` refused: expected a file, found a folder [unreadable-image]',
      'contributions/hostile.md:42:1: warning Image `https://example.org/x.png` not published: remote images are never loaded, expected a file in the content folder [remote-image]',
      'contributions/hostile.md:44:1: warning Image `http://example.org/y.png` not published: remote images are never loaded, expected a file in the content folder [remote-image]',
      'contributions/hostile.md:46:1: warning Image refused: `<picture>` is not published, expected one image with one `src` [responsive-image]',
      'contributions/hostile.md:48:1: warning Image `pictures/chart.png` refused: `srcset` is not published, expected one image with one `src` [responsive-image]',
      'contributions/hostile.md:50:8: warning Image source `https://example.org/v.png` refused: `<source>` is not published, expected one image with one `src` [responsive-image]'
    ])
    // Each comes with a hint that says what to do.
    expect(result.stderr).toContain('hint: An SVG file may hold scripts: convert it to PNG')
    expect(result.stderr).toContain('hint: Rename the file to end in .jpg.')
  })

  it('shows the alternative text in place of every refused image, and no image of its own', async () => {
    const page = await readHtml(path.join(dir, 'dist/sessions/s.html'))
    expect(
      selectAll('[id="c:hostile"] img, [id="c:hostile"] picture, [id="c:hostile"] source', page)
    ).toEqual([])
    const shown = text(selectAll('[id="c:hostile"]', page)[0])
    for (const alt of [
      'fake',
      'svg',
      'draft source',
      'passwd',
      'fifo',
      'remote',
      'raw remote',
      'picture fallback',
      'with srcset'
    ])
      expect(shown).toContain(alt)
  })

  it('publishes PNG, JPEG, GIF, WebP and AVIF files by their bytes, named by their hash, and nothing else', async () => {
    const files = (await readdir(path.join(dir, 'dist/assets/content'))).sort()
    const expected = [
      await published('contributions/pictures/chart.png', '.png'),
      await published('contributions/pictures/photo.jpg', '.jpg'),
      await published('contributions/pictures/anim.gif', '.gif'),
      await published('contributions/pictures/photo.webp', '.webp'),
      await published('contributions/pictures/photo.avif', '.avif'),
      await published('contributions/other/chart.png', '.png'),
      await published('logo.png', '.png')
    ]
    expect(files.map((file) => `assets/content/${file}`)).toEqual([...expected].sort())
    for (const [index, source] of [
      'contributions/pictures/chart.png',
      'contributions/pictures/photo.jpg',
      'logo.png'
    ].entries()) {
      const copy = await readFile(path.join(dir, 'dist', [expected[0], expected[1], expected[6]][index]!))
      expect(copy.equals(await readFile(path.join(fixturesDir, 'images', source)))).toBe(true)
    }

    const page = await readHtml(path.join(dir, 'dist/sessions/s.html'))
    const sources = selectAll('[id="c:gallery"] img', page).map((node) => [
      (node as Element).properties.alt,
      (node as Element).properties.src
    ])
    expect(sources).toEqual([
      ['A chart', `../${expected[0]}`],
      ['A photo', `../${expected[1]}`],
      ['A GIF', `../${expected[2]}`],
      ['A WebP', `../${expected[3]}`],
      ['An AVIF', `../${expected[4]}`],
      ['Another chart', `../${expected[5]}`],
      // A link to an image of the folder and a second reference are the same file.
      ['The chart again', `../${expected[0]}`],
      ['Raw chart', `../${expected[0]}`]
    ])
  })

  it('never copies a refused file, a secret or a draft into the output', async () => {
    const everything = await Promise.all(
      (await readdir(path.join(dir, 'dist'), {recursive: true, withFileTypes: true}))
        // The search's own scripts (pagefind/) are the tool's, and draw their icons as SVG.
        .filter(
          (entry) =>
            entry.isFile() && !path.relative(path.join(dir, 'dist'), entry.parentPath).startsWith('pagefind')
        )
        .map((entry) => readFile(path.join(entry.parentPath, entry.name), 'latin1'))
    )
    const all = everything.join('\n')
    expect(all).not.toContain('SECRET_TOKEN')
    expect(all).not.toContain('root:x:0:0')
    expect(all).not.toContain('the draft text')
    expect(all).not.toContain('alert(')
    expect(all).not.toContain('<svg')
  })

  it('keeps an image of the content and a theme file of the same name apart', async () => {
    // The theme's templates/logo.png is the site's assets/logo.png; the contribution's logo.png has a path of its own.
    expect(
      (await readFile(path.join(dir, 'dist/assets/logo.png'))).equals(
        await readFile(path.join(fixturesDir, 'images/templates/logo.png'))
      )
    ).toBe(true)
    const page = await readHtml(path.join(dir, 'dist/sessions/s.html'))
    const src = String((selectAll('[id="c:brand"] img', page)[0] as Element).properties.src)
    expect(src).toBe(`../${await published('logo.png', '.png')}`)
    expect(
      (await readFile(path.join(dir, 'dist/sessions', src))).equals(
        await readFile(path.join(fixturesDir, 'images/logo.png'))
      )
    ).toBe(true)
  })

  it("refuses a theme file in the folder kept for the content's images", async () => {
    const forum = await copyFixtures('minimal')
    await mkdir(path.join(forum, 'templates/content'), {recursive: true})
    await writeFile(
      path.join(forum, 'templates/content/x.png'),
      await readFile(path.join(fixturesDir, 'images/logo.png'))
    )
    const {code, stderr} = await runCli(['build', '.', '--format', 'html'], {cwd: forum})
    expect(code).toBe(2)
    expect(stderr).toContain(
      "templates/content/x.png is in `content/`, a folder kept for the content's images"
    )
  })
})
