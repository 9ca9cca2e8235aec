import {readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {PDFDocument, PDFName, PDFString} from 'pdf-lib'
import {beforeAll, describe, expect, it} from 'vitest'
import {runCli} from '../helpers/cli.js'
import {copyFixtures} from '../helpers/fixtures.js'
import {readHtml, select, selectAll, text} from '../helpers/html.js'
import {readPdf} from '../helpers/pdf.js'
import {startServe} from '../helpers/serve-process.js'
import {brokenLinks, sitePages} from '../helpers/site.js'

/**
 * A forum in English and Spanish: a concept note translated into Spanish, an
 * English contribution translated into Spanish, a Spanish one machine-translated
 * into English (by `translation-of`), and an English one not translated.
 */
let dir: string
let out: string

beforeAll(async () => {
  dir = await copyFixtures('editions')
  out = path.join(dir, 'out')
  const result = await runCli(['build', '.', '--out', out, '--no-cache'], {cwd: dir})
  expect(result.code, result.stderr).toBe(0)
  expect(result.stdout).toContain('es (proceedings.es.pdf), 1 not translated')
  expect(result.stdout).toContain('not translated: contributions/coop/transport.md')
}, 180_000)

const session = (edition: string) => path.join(out, edition, 'sessions/coop.html')
const article = async (file: string, id: string) => select(`article#c\\:${id}`, await readHtml(file))

describe('language editions', () => {
  it('publishes the first edition at the root and the others under <lang>/, each in its language', async () => {
    const root = await readHtml(path.join(out, 'index.html'))
    const spanish = await readHtml(path.join(out, 'es/index.html'))
    expect(select('html', root)?.properties.lang).toBe('en')
    expect(select('html', spanish)?.properties.lang).toBe('es')
    expect(text(select('.site-title', spanish))).toBe('Foro de Cooperativas')
    expect(text(select('.site-nav', spanish))).toContain('Sumario')
    expect(text(select('.foreword [lang="es"]', spanish))).toBe('Bienvenidos al foro.')
    // The foreword's translators, from forum.es.md; the first edition's foreword is its own.
    expect(text(select('.foreword .language-note', spanish))).toBe('Traducido del inglés por Marta Quispe')
    expect(select('.foreword .language-note', root)).toBeUndefined()
    // Every page of both editions links only to files that exist.
    const pages = await sitePages(out)
    expect(pages).toContain('es/sessions/coop.html')
    expect(pages).toContain('es/contributions/housing.html')
    for (const page of pages) expect(await brokenLinks(out, page), page).toEqual([])
    // Each edition's pages have their own address; the sitemap lists them all.
    const landing = await readHtml(path.join(out, 'es/contributions/housing.html'))
    expect(select('link[rel="canonical"]', landing)?.properties.href).toBe(
      'https://forum.example.org/coop/es/contributions/housing.html'
    )
    const sitemap = await readFile(path.join(out, 'sitemap.xml'), 'utf8')
    expect(sitemap).toContain('<loc>https://forum.example.org/coop/es/sessions/coop.html</loc>')
    expect(sitemap).toContain('<loc>https://forum.example.org/coop/sessions/coop.html</loc>')
  })

  it('links every page to the same page in the other editions, with hreflang alternates and a switcher', async () => {
    for (const [file, here] of [
      ['sessions/coop.html', 'en'],
      ['es/sessions/coop.html', 'es'],
      ['es/contributions/housing.html', 'es'],
      ['contents.html', 'en']
    ] as const) {
      const page = await readHtml(path.join(out, file))
      const alternates = selectAll('link[rel="alternate"][hreflang]', page).map((link) => [
        link.properties.hrefLang,
        path.posix.normalize(path.posix.join(path.posix.dirname(file), String(link.properties.href)))
      ])
      const plain = file.replace(/^es\//, '')
      expect(alternates, file).toEqual([
        ['en', plain],
        ['es', `es/${plain}`]
      ])
      const switcher = select('nav.edition-switcher', page)
      expect(text(select('[aria-current="page"]', switcher)), file).toBe(
        here === 'en' ? 'English' : 'Español'
      )
      const other = select('a[hreflang]', switcher)!
      expect(path.posix.join(path.posix.dirname(file), String(other.properties.href))).toBe(
        here === 'en' ? `es/${plain}` : plain
      )
    }
  })

  it('shows each contribution in the edition language when translated, else in its own, marked', async () => {
    const housing = await article(session('es'), 'housing')
    expect(text(select('h3', housing))).toBe('Cooperativas de vivienda en la ciudad')
    expect(housing?.properties.lang).toBe('es')
    expect(text(select('.language-note', housing))).toBe('Traducido del inglés por Lucía Ferrer')
    expect(text(select('.contribution-body', housing))).toContain('mantuvieron estables los alquileres')

    const transport = await article(session('es'), 'transport')
    expect(transport?.properties.lang).toBe('en')
    expect(text(select('.language-note', transport))).toBe('Original en inglés')
    expect(text(select('.contribution-body', transport))).toContain('kept the essential workers moving')

    const markets = await article(session(''), 'mercados')
    expect(text(select('h3', markets))).toBe('Solidarity markets')
    expect(markets?.properties.lang).toBe('en')
    expect(text(select('.language-note', markets))).toBe('Machine translation from Spanish')
    const original = await article(session('es'), 'mercados')
    expect(text(select('h3', original))).toBe('Mercados solidarios')
    expect(select('.language-note', original)).toBeUndefined()

    // The concept note, translated, with its moderator's country in Spanish.
    const page = await readHtml(session('es'))
    expect(text(select('h1.session-title', page))).toBe('Cooperativas y ciudades')
    expect(text(select('main', page))).toContain('¿Qué aprendieron las ciudades?')
    expect(text(select('.moderators', page))).toContain('Noruega')
    expect(text(select('.moderators', await readHtml(session(''))))).toContain('Norway')
    // Titles listed in another language than the page's say which.
    const contents = await readHtml(path.join(out, 'es/contents.html'))
    expect(selectAll('.toc-title [lang="en"]', contents).map((element) => text(element))).toEqual([
      'Cooperative transport'
    ])
  })

  it('prints one PDF per edition, each with its own contents, labels and language', async () => {
    const english = await readPdf(path.join(out, 'proceedings.pdf'))
    const spanish = await readPdf(path.join(out, 'proceedings.es.pdf'))
    expect(english.info.Title).toBe('Forum of Cooperatives')
    expect(spanish.info.Title).toBe('Foro de Cooperativas')
    const contents = spanish.pages.find((page) => page.text.includes('Sumario'))
    expect(contents?.text).toContain('Cooperativas de vivienda en la ciudad')
    expect(contents?.text).toContain('Pregunta 1')
    expect(spanish.pages.map((page) => page.text).join(' ')).toContain(
      'Traducido del inglés por Lucía Ferrer'
    )
    expect(english.pages.map((page) => page.text).join(' ')).not.toContain('Cooperativas de vivienda')
    expect(spanish.outline.map((item) => item.title)).toContain('Cooperativas y ciudades')
    for (const [file, language] of [
      ['proceedings.pdf', 'en'],
      ['proceedings.es.pdf', 'es']
    ] as const) {
      const document = await PDFDocument.load(await readFile(path.join(out, file)), {updateMetadata: false})
      const lang = document.catalog.lookup(PDFName.of('Lang'))
      expect(lang instanceof PDFString ? lang.decodeText() : String(lang), file).toBe(language)
    }
  })

  it('lists the editions and each contribution’s translations in proceedings.json, and indexes each edition for search', async () => {
    const manifest = JSON.parse(await readFile(path.join(out, 'proceedings.json'), 'utf8'))
    expect(manifest.editions).toEqual([
      {language: 'en', site: 'index.html', pdf: 'proceedings.pdf'},
      {language: 'es', site: 'es/index.html', pdf: 'proceedings.es.pdf'}
    ])
    const contributions = manifest.sessions[0].contributions
    const byId = (id: string) => contributions.find((item: {id: string}) => item.id === id)
    expect(byId('mercados')).toMatchObject({title: 'Mercados solidarios', language: 'es'})
    expect(byId('mercados').translations).toEqual([
      {
        language: 'en',
        source: 'contributions/coop/markets-in-english.md',
        translators: [],
        machineTranslated: true,
        outOfDate: false
      }
    ])
    expect(byId('housing').translations).toEqual([
      {
        language: 'es',
        source: 'contributions/coop/housing.es.md',
        translators: ['Lucía Ferrer'],
        machineTranslated: false,
        outOfDate: false
      }
    ])
    expect(byId('transport').translations).toEqual([])
    for (const [folder, language] of [
      ['', 'en'],
      ['es/', 'es']
    ] as const) {
      const entry = JSON.parse(await readFile(path.join(out, folder, 'pagefind/pagefind-entry.json'), 'utf8'))
      expect(Object.keys(entry.languages), folder).toEqual([language])
    }
  })
})

describe('translations that fall behind their original', () => {
  it('go out of date when the original changes: check warns, the page says so, translate --update ends it', async () => {
    const forum = await copyFixtures('editions')
    const original = path.join(forum, 'contributions/coop/transport.md')
    const written = await runCli(['translate', 'contributions/coop/transport.md', '--to', 'es'], {cwd: forum})
    expect(written.code, written.stderr).toBe(0)
    expect(written.stdout.trim()).toBe(path.join('contributions', 'coop', 'transport.es.md'))
    const translation = path.join(forum, 'contributions/coop/transport.es.md')
    const draft = await readFile(translation, 'utf8')
    expect(draft).toMatch(/^original-version: [0-9a-f]{12}\b/m)
    expect(draft).toContain('Cooperative transport kept the essential workers moving.')
    // The translator translates; the build shows the translation, up to date.
    await writeFile(
      translation,
      draft
        .replace('title: Cooperative transport', 'title: Transporte cooperativo')
        .replace('Cooperative transport kept', 'El transporte cooperativo mantuvo')
    )
    expect((await runCli(['check'], {cwd: forum})).stderr).toContain('no problems')
    // Writing it again would lose the translator's work.
    const again = await runCli(['translate', 'contributions/coop/transport.md', '--to', 'es'], {cwd: forum})
    expect(again.code).toBe(2)
    expect(again.stderr).toContain('Refusing to overwrite')

    await writeFile(original, (await readFile(original, 'utf8')) + '\nIt also carried food to the markets.\n')
    const checked = await runCli(['check'], {cwd: forum})
    expect(checked.code).toBe(0)
    expect(checked.stderr).toMatch(
      /contributions\/coop\/transport\.es\.md:\d+:\d+: warning Out of date: `contributions\/coop\/transport\.md` has changed since the version this translation was made from \[translation-out-of-date\]/
    )
    expect(checked.stderr).toContain('--to es --update')
    const built = await runCli(['build', '--format', 'html,json'], {cwd: forum})
    expect(built.code, built.stderr).toBe(0)
    expect(built.stdout).toContain('out of date: contributions/coop/transport.es.md')
    // Two concept notes and six contributions, translations included: each parsed once for both editions.
    expect(built.stdout).toMatch(/^parse: 8 parsed, 0 from the cache\b/m)
    const page = path.join(forum, 'dist/es/sessions/coop.html')
    const outdated = await article(page, 'transport')
    expect(text(select('h3', outdated))).toBe('Transporte cooperativo')
    expect(text(select('.translation-outdated', outdated))).toContain(
      'Esta traducción puede estar desactualizada'
    )
    const manifest = JSON.parse(await readFile(path.join(forum, 'dist/proceedings.json'), 'utf8'))
    const entry = manifest.sessions[0].contributions.find((item: {id: string}) => item.id === 'transport')
    expect(entry.translations[0].outOfDate).toBe(true)

    // The command the warning gives, as written, from a folder inside the forum.
    const command = /`proceedings (translate [^`]+)`/.exec(checked.stderr)![1]!.split(' ')
    expect(command).toEqual(['translate', 'contributions/coop/transport.md', '--to', 'es', '--update'])
    const updated = await runCli(command, {cwd: path.join(forum, 'contributions/coop')})
    expect(updated.code, updated.stderr).toBe(0)
    expect(await readFile(translation, 'utf8')).toContain('El transporte cooperativo mantuvo')
    expect((await runCli(['check'], {cwd: forum})).stderr).toContain('no problems')
    expect((await runCli(['build', '--format', 'html'], {cwd: forum})).code).toBe(0)
    expect(select('.translation-outdated', await article(page, 'transport'))).toBeUndefined()
  }, 120_000)
})

describe('translations that do not fit', () => {
  it('names both files when a translated concept note has other questions, and each other mistake once', async () => {
    const forum = await copyFixtures('editions')
    const note = path.join(forum, 'sessions/coop.es.md')
    await writeFile(
      note,
      (await readFile(note, 'utf8')).replace('2. ¿Qué sigue?', '2. ¿Qué sigue?\n3. ¿Y después?')
    )
    await writeFile(
      path.join(forum, 'contributions/coop/lost.md'),
      '---\ntranslation-of: housng\nlanguage: fr\n---\nTexte.\n'
    )
    await writeFile(
      path.join(forum, 'contributions/coop/housing-again.md'),
      '---\ntranslation-of: housing\nlanguage: es\n---\nOtra vez.\n'
    )
    const housing = path.join(forum, 'contributions/coop/housing.es.md')
    await writeFile(housing, (await readFile(housing, 'utf8')).replace('---\n', '---\nsession: coop\n'))
    const checked = await runCli(['check'], {cwd: forum})
    expect(checked.code).toBe(1)
    expect(checked.stderr).toContain(
      'contributions/coop/housing.es.md:2:1: warning Unused key `session` in a translation: it is taken from the original [unknown-key]'
    )
    expect(checked.stderr).toContain(
      'sessions/coop.es.md:1:1: error Different questions from its original: this translation has 2 objectives, 3 guiding questions (rounds 1 2 2) and no main question, `sessions/coop.md` has 2 objectives, 2 guiding questions (rounds 1 2) and no main question [translation-structure-mismatch]'
    )
    expect(checked.stderr).toMatch(
      /contributions\/coop\/lost\.md:2:\d+: error Unknown original `housng` in `translation-of`, expected the id of a contribution \[unknown-original\]\n {2}hint: Did you mean `housing`\?/
    )
    expect(checked.stderr).toMatch(
      /contributions\/coop\/(housing-again|housing\.es)\.md:1:1: error Second translation of `contributions\/coop\/housing\.md` into `es`/
    )
    expect(checked.stderr.match(/: error /g)).toHaveLength(3)
  })

  it('knows a translated concept note for no session of its own', async () => {
    const forum = await copyFixtures('editions')
    const result = await runCli(['new', 'contribution', '--session', 'coop.es'], {cwd: forum})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Unknown session `coop.es`, expected one of: `coop`')
  })

  it('refuses languages that leave out the forum’s own language', async () => {
    const forum = await copyFixtures('editions')
    const file = path.join(forum, 'forum.md')
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('languages: [en, es]', 'languages: [es, fr]')
    )
    const checked = await runCli(['check'], {cwd: forum})
    expect(checked.code).toBe(1)
    expect(checked.stderr).toContain(
      "forum.md:6:12: error Missing the forum's `language` (`en`) in `languages`, expected it among the editions [language-not-an-edition]"
    )
  })
})

describe('editions in serve', () => {
  it('serves every edition under its folder, with its own search index', async () => {
    const forum = await copyFixtures('editions')
    const server = await startServe(['--port', '0'], forum)
    try {
      const get = async (file: string) => {
        const response = await fetch(new URL(file, server.url))
        return {status: response.status, text: await response.text()}
      }
      const spanish = await get('/es/sessions/coop.html')
      expect(spanish.status).toBe(200)
      expect(spanish.text).toContain('Cooperativas de vivienda en la ciudad')
      expect(spanish.text).toContain('<html lang="es">')
      expect((await get('/es/contributions/housing.html')).status).toBe(200)
      const entry = await get('/es/pagefind/pagefind-entry.json')
      expect(entry.status).toBe(200)
      expect(Object.keys(JSON.parse(entry.text).languages)).toEqual(['es'])
      expect((await get('/sessions/coop.html')).text).toContain('Housing cooperatives in the city')
    } finally {
      await server.stop()
    }
  }, 60_000)
})
