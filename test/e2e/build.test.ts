import {execFile} from 'node:child_process'
import {readFile, readdir} from 'node:fs/promises'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {addContributions} from '../helpers/big-forum.js'
import {binPath, runCli, type CliResult} from '../helpers/cli.js'
import {copyFixtures} from '../helpers/fixtures.js'
import {toText} from 'hast-util-to-text'
import {readHtml, select, selectAll, text} from '../helpers/html.js'
import {pdfPages} from '../helpers/pdf.js'

let dir: string
let out: string
let result: CliResult

beforeAll(async () => {
  dir = await copyFixtures('basic')
  out = path.join(dir, 'dist')
  result = await runCli(['build', dir, '--out', out])
})

describe('build on a fixture forum', () => {
  it('succeeds and says what it wrote', () => {
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const lines = result.stdout.trimEnd().split('\n')
    // Not on a terminal: one plain line per stage, then the summary. The search index is made beside the PDFs
    // of contributions and their pages, and its line comes when it is done.
    const stages = lines.slice(0, 9).map((line) => line.split(':')[0])
    expect(stages.indexOf('search')).toBeGreaterThan(stages.indexOf('pdf'))
    expect(stages.filter((name) => name !== 'search')).toEqual([
      'load',
      'parse',
      'html',
      'pdf',
      'parts',
      'pages',
      'json',
      'write'
    ])
    const line = (stage: string) => lines.find((text) => text.startsWith(`${stage}:`))
    expect(line('search')).toMatch(/^search: 7 contributions indexed, \d+ files \(\d+ ms\)$/)
    expect(line('pdf')).toMatch(
      /^pdf: \d+ pages; \d+ pieces? printed in \d rounds?, \d+ from the cache(, numbers drawn into \d+ pieces?)? \(\d+ ms\)$/
    )
    expect(line('parts')).toMatch(
      /^parts: 9 PDFs of contributions and sessions, 9 made, 0 from the cache; done \d+\.\d s after the printing \(\d+ ms\)$/
    )
    expect(line('pages')).toMatch(/^pages: 7 contribution pages \(\d+ ms\)$/)
    expect(lines[9]).toMatch(/^Built 2 sessions, 7 contributions into .*dist\/ in \d+\.\ds$/)
    expect(lines.slice(10)).toEqual([
      expect.stringMatching(/^ {2}index\.html +\d+\.\d kB$/),
      expect.stringMatching(/^ {2}proceedings\.json +\d+\.\d kB$/),
      expect.stringMatching(/^ {2}proceedings\.pdf +\d+\.\d kB {2}\d+ pages$/),
      expect.stringMatching(/^ {2}and \d+ more files \(pages, styles, images\)$/),
      'Questions without contributions:',
      '  beta: 1'
    ])
  })

  it('writes the site, the JSON and the PDF', async () => {
    const written = await readdir(out, {recursive: true})
    // The search index's files are named by hashes of what they hold.
    expect(written).toEqual(
      expect.arrayContaining(['pagefind/pagefind-ui.js', 'pagefind/pagefind-entry.json'])
    )
    const files = written
      .filter((file) => !file.includes('.proceedings') && !file.startsWith('pagefind'))
      .sort()
    expect(files).toEqual([
      // Images are named by the hash of their bytes (the SHA-256 of images/chart.png begins so).
      'assets',
      'assets/content',
      'assets/content/9ffbe49cfc708cebeaa908b59d1dc710.png',
      'assets/print.css',
      'assets/search.js',
      'assets/style.css',
      'contents.html',
      'contributions',
      ...[
        'answers-one-and-three',
        'first-on-one',
        'main-answer',
        'second-on-one',
        'beta-answer',
        'untagged',
        'wrap-up'
      ]
        .flatMap((id) =>
          ['bib', 'csl.json', 'html', 'pdf', 'ris'].map((extension) => `contributions/${id}.${extension}`)
        )
        .sort(),
      'index.html',
      'proceedings.bib',
      'proceedings.csl.json',
      'proceedings.json',
      'proceedings.pdf',
      'proceedings.ris',
      'search.html',
      'sessions',
      'sessions/alpha.html',
      'sessions/alpha.pdf',
      'sessions/beta.html',
      'sessions/beta.pdf',
      'speakers.html'
    ])
  })

  it('puts each contribution in full under its first question and refers to it under the others', async () => {
    const page = await readHtml(path.join(out, 'sessions/alpha.html'))
    const group = (id: string) => select(`[id="${id}"]`, page)
    const fullIn = (id: string) =>
      selectAll(`[id="${id}"] article.contribution h3`, page).map((node) => text(node))
    const seeAlsoIn = (id: string) =>
      selectAll(`[id="${id}"] .see-also a`, page).map((node) => [text(node), node.properties.href])

    expect(fullIn('s:alpha:q1')).toEqual([
      'Zeta first on question one',
      'Second on question one',
      'Answering one and three'
    ])
    expect(fullIn('s:alpha:q2')).toEqual([])
    expect(seeAlsoIn('s:alpha:q2')).toEqual([['Alpha synthesis', 'alpha.html#c:wrap-up']])
    expect(fullIn('s:alpha:q3')).toEqual([])
    expect(seeAlsoIn('s:alpha:q3')).toEqual([
      ['Answering one and three', 'alpha.html#c:answers-one-and-three']
    ])
    expect(fullIn('s:alpha:main')).toEqual(['On the main question'])
    expect(fullIn('s:alpha:other')).toEqual(['A note with no question'])
    expect(fullIn('s:alpha:synthesis')).toEqual(['Alpha synthesis'])
    expect(text(select('[id="s:alpha:q3"] h2', page))).toBe('Question 3 · Round 2: Alpha question three?')
    expect(group('c:unfinished')).toBeUndefined()
  })

  it('marks each contribution with its language and keeps the concept note sections in order', async () => {
    const page = await readHtml(path.join(out, 'sessions/alpha.html'))
    expect(select('[id="c:first-on-one"]', page)?.properties.lang).toBe('fr')
    expect(select('[id="c:main-answer"]', page)?.properties.lang).toBe('es')
    expect(selectAll('.concept-section > h2', page).map((node) => text(node))).toEqual([
      'Summary',
      'Concept note',
      'Objectives',
      'Main question',
      'Guiding questions',
      'Further reading'
    ])
    expect(selectAll('.objectives > li .served-by a', page).map((node) => text(node))).toEqual([
      'Answering one and three',
      'Alpha synthesis',
      'On the main question',
      'Alpha synthesis'
    ])
    expect(select('[id="c:untagged"] img', page)?.properties.src).toBe(
      '../assets/content/9ffbe49cfc708cebeaa908b59d1dc710.png'
    )
  })

  it('keeps the lines of a code block as written, however deep the template nests it', async () => {
    const page = await readHtml(path.join(out, 'sessions/alpha.html'))
    expect(toText(select('[id="c:first-on-one"] pre', page)!)).toBe('statuts\n  article 1\n    alinéa 2\n')
  })

  it('lists every speaker once with affiliation and country, linked to their contributions', async () => {
    const page = await readHtml(path.join(out, 'speakers.html'))
    const entries = selectAll('.speaker-index > li', page)
    expect(entries.map((entry) => text(select('.name', entry)))).toEqual([
      'Ana Uno',
      'Bruno Dos',
      'Chloé Trois',
      'Dana Cuatro',
      'Emil Fünf',
      'Fiona Rapporteur',
      'Hoang Văn Sáu'
    ])
    const ana = entries[0]!
    expect(text(select('.affiliation', ana))).toBe('Cooperativa Uno')
    expect(selectAll('a', ana).map((link) => link.properties.href)).toEqual([
      'sessions/alpha.html#c:answers-one-and-three',
      'sessions/beta.html#c:beta-answer'
    ])
  })

  it('writes the JSON contract with keys in order and arrays in display order', async () => {
    const manifest = JSON.parse(await readFile(path.join(out, 'proceedings.json'), 'utf8'))
    expect(Object.keys(manifest)).toEqual(['forum', 'editions', 'sessions'])
    expect(manifest.editions, 'one edition, at the root').toEqual([
      {language: 'en', site: 'index.html', pdf: 'proceedings.pdf'}
    ])
    expect(manifest.forum).toEqual({
      title: 'Test Forum on Cooperation',
      subtitle: 'Fixture proceedings',
      date: '2024-03-01',
      language: 'en',
      organizers: ['Fixture Network', 'Example Institute'],
      url: null,
      publisher: null,
      place: null,
      isbn: null,
      doi: null,
      license: null
    })
    const [alpha, beta] = manifest.sessions
    expect(Object.keys(alpha)).toEqual([
      'id',
      'title',
      'date',
      'order',
      'summary',
      'objectives',
      'mainQuestion',
      'questions',
      'contributions'
    ])
    expect(alpha.summary).toBe('Alpha summary text.')
    expect(alpha.objectives).toEqual([
      {number: 1, text: 'First alpha objective.', contributions: ['answers-one-and-three', 'wrap-up']},
      {number: 2, text: 'Second alpha objective.', contributions: ['main-answer', 'wrap-up']}
    ])
    expect(alpha.mainQuestion).toEqual({
      text: 'What is the alpha main question?',
      contributions: ['main-answer']
    })
    expect(alpha.questions).toEqual([
      {
        number: 1,
        round: 1,
        text: 'Alpha question one?',
        contributions: ['first-on-one', 'second-on-one', 'answers-one-and-three']
      },
      {number: 2, round: 1, text: 'Alpha question two?', contributions: ['wrap-up']},
      {number: 3, round: 2, text: 'Alpha question three?', contributions: ['answers-one-and-three']}
    ])
    expect(alpha.contributions.map((item: {id: string}) => item.id)).toEqual([
      'first-on-one',
      'second-on-one',
      'answers-one-and-three',
      'main-answer',
      'untagged',
      'wrap-up'
    ])
    expect(alpha.contributions[2]).toEqual({
      id: 'answers-one-and-three',
      title: 'Answering one and three',
      source: 'contributions/alpha/answers-one-and-three.md',
      speakers: [
        {
          name: 'Ana Uno',
          affiliation: 'Cooperativa Uno',
          country: 'Chile',
          countryCode: 'CL',
          role: null,
          orcid: null
        }
      ],
      objectives: [1],
      questions: [3, 1],
      type: 'intervention',
      language: 'en',
      date: '2024-03-01',
      pages: {first: expect.any(Number), last: expect.any(Number)},
      url: 'contributions/answers-one-and-three.html',
      pdf: 'contributions/answers-one-and-three.pdf',
      doi: null,
      translations: []
    })
    expect(beta.mainQuestion).toBeNull()
    expect(beta.questions.map((question: {round: unknown}) => question.round)).toEqual([null, null])
    expect(beta.objectives.map((objective: {text: string}) => objective.text)).toEqual([
      'Beta objective A.',
      'Beta objective B.',
      'Beta objective C.'
    ])
  })

  it('prints every contribution title and speaker in the PDF, sessions in order', async () => {
    const pages = await pdfPages(path.join(out, 'proceedings.pdf'))
    const all = pages.join('\n')
    const manifest = JSON.parse(await readFile(path.join(out, 'proceedings.json'), 'utf8'))
    for (const session of manifest.sessions) {
      for (const contribution of session.contributions) {
        expect(all).toContain(contribution.title)
        for (const speaker of contribution.speakers) expect(all).toContain(speaker.name)
      }
    }
    expect(pages[0]).toContain('Test Forum on Cooperation')
    const alphaPage = pages.findIndex((page) => page.includes('Alpha summary text.'))
    const betaPage = pages.findIndex((page) => page.includes('Beta summary text.'))
    expect(alphaPage).toBeGreaterThan(0)
    expect(betaPage).toBeGreaterThan(alphaPage)
    expect(all).not.toContain('An unfinished draft')
  })
})

describe('build with --quiet', () => {
  it('prints nothing but problems', async () => {
    const quietDir = await copyFixtures('basic')
    const result = await runCli([
      'build',
      quietDir,
      '--out',
      path.join(quietDir, 'out'),
      '--format',
      'json',
      '--quiet'
    ])
    expect(result).toMatchObject({code: 0, stdout: '', stderr: ''})
  })
})

describe('build with --drafts', () => {
  it('includes draft contributions', async () => {
    const draftDir = await copyFixtures('basic')
    const {code} = await runCli([
      'build',
      draftDir,
      '--out',
      path.join(draftDir, 'out'),
      '--format',
      'json',
      '--drafts'
    ])
    expect(code).toBe(0)
    const manifest = JSON.parse(await readFile(path.join(draftDir, 'out/proceedings.json'), 'utf8'))
    expect(manifest.sessions[0].questions[1].contributions).toEqual(['wrap-up', 'unfinished'])
  })
})

describe('build of many files', () => {
  it('writes more files than it may hold open at once', async () => {
    const dir = await copyFixtures('minimal')
    await addContributions(dir, 150)
    // Each contribution gives a page and three citation files: about 900 files, with 150 descriptors.
    const result = await new Promise<{code: number | null; stderr: string}>((resolve) =>
      execFile(
        'sh',
        [
          '-c',
          `ulimit -n 150 && exec "${process.execPath}" "${binPath}" build . -o out --format html,json --no-cache`
        ],
        {cwd: dir},
        (error, _stdout, stderr) => resolve({code: error ? Number(error.code) : 0, stderr})
      )
    )
    expect(result, result.stderr).toMatchObject({code: 0})
    expect(await readdir(path.join(dir, 'out/contributions'))).toHaveLength(151 * 4)
  }, 120_000)
})
