import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {runCli} from '../helpers/cli.js'
import {fixturesDir, repoDir, tempDir} from '../helpers/fixtures.js'
import {pdfPages, readPdf} from '../helpers/pdf.js'

interface Manifest {
  sessions: {
    id: string
    objectives: {text: string}[]
    mainQuestion: {text: string} | null
    questions: {text: string; round: number | null; contributions: string[]}[]
    contributions: {
      id: string
      title: string
      language: string
      questions: unknown[]
      type: string
      translations: {language: string; source: string}[]
    }[]
  }[]
}

let out: string
let manifest: Manifest

beforeAll(async () => {
  out = path.join(await tempDir(), 'dist')
  const result = await runCli(['build', path.join(repoDir, 'content'), '--out', out])
  // The example keeps one translation out of date on purpose: its warning, and nothing else.
  expect(result.stderr).toMatch(
    /^content\/contributions\/intercooperation-alliances\/gobiernos-y-organismos-internacionales\.en\.md:\d+:\d+: warning Out of date: .* \[translation-out-of-date\]\n {2}hint: .*\n1 warning in \d+ files\n$/
  )
  expect(result.code).toBe(0)
  manifest = JSON.parse(await readFile(path.join(out, 'proceedings.json'), 'utf8'))
})

/** The seed's text with PDF line-break debris folded away, for comparing wording. */
async function seedText(id: string) {
  const text = await readFile(path.join(fixturesDir, 'seeds', `${id}.txt`), 'utf8')
  return text.replace(/\s+/g, ' ').replace(/(\w)- (\w)/g, '$1-$2')
}

describe('the example forum', () => {
  it('keeps every objective and question of the seeds, in their wording and rounds', async () => {
    const [alliances, local] = manifest.sessions
    expect(alliances?.id).toBe('intercooperation-alliances')
    expect(alliances?.objectives).toHaveLength(4)
    expect(alliances?.questions.map((question) => question.round)).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2])
    expect(alliances?.mainQuestion).not.toBeNull()
    expect(local?.id).toBe('local-to-global')
    expect(local?.objectives).toHaveLength(4)
    expect(local?.questions.map((question) => question.round)).toEqual([1, 1, 2, 2])
    expect(local?.mainQuestion).toBeNull()

    for (const session of manifest.sessions) {
      const seed = await seedText(session.id)
      const texts = [
        ...session.objectives,
        ...session.questions,
        ...(session.mainQuestion ? [session.mainQuestion] : [])
      ]
      for (const {text} of texts) expect(seed).toContain(text)
    }
  })

  it('shows every grouping rule: several languages, several questions, main, untagged, synthesis', () => {
    const contributions = manifest.sessions.flatMap((session) => session.contributions)
    expect(contributions.length).toBeGreaterThanOrEqual(10)
    expect(new Set(contributions.map((contribution) => contribution.language))).toEqual(
      new Set(['en', 'es', 'fr'])
    )
    expect(contributions.some((contribution) => contribution.questions.length > 1)).toBe(true)
    expect(contributions.some((contribution) => contribution.questions.includes('main'))).toBe(true)
    expect(
      contributions.some(
        (contribution) => contribution.questions.length === 0 && contribution.type !== 'synthesis'
      )
    ).toBe(true)
    expect(contributions.filter((contribution) => contribution.type === 'synthesis')).toHaveLength(2)
  })

  // Chromium's headless shell breaks no word by itself: the print pages carry soft hyphens, in each text's language.
  it('hyphenates the justified prose of English, Spanish and French contributions in the PDF, and not the site', async () => {
    // Each edition's PDF: originals in their languages, and translations in theirs.
    for (const [pdf, titles] of [
      [
        'proceedings.pdf',
        [
          'Measuring the tangible benefits of research and inter-cooperation networks',
          '¿Cómo escalar la ESS de lo local a lo global',
          "Consolider les écosystèmes de l'ESS"
        ]
      ],
      ['proceedings.es.pdf', ['Medir los beneficios tangibles']],
      [
        'proceedings.fr.pdf',
        [
          'Mesurer les bénéfices concrets des réseaux de recherche',
          'Les alliances locales et internationales au service'
        ]
      ]
    ] as const) {
      const {pages} = await readPdf(path.join(out, pdf))
      for (const title of titles) {
        const page = pages.findLast((item) => item.text.includes(title))
        expect(page, `${pdf}: ${title}`).toBeDefined()
        expect(
          page!.lines.filter((line) => /\p{L}\u2010$/u.test(line)).length,
          `${pdf}: ${title}`
        ).toBeGreaterThan(0)
      }
    }
    for (const folder of ['', 'es/', 'fr/'])
      for (const file of ['sessions/intercooperation-alliances.html', 'sessions/local-to-global.html'])
        expect(await readFile(path.join(out, folder, file), 'utf8')).not.toContain('\u00ad')
  })

  it('prints the whole forum into the PDF of each edition, each contribution in its translation when there is one', async () => {
    for (const [language, pdf] of [
      ['en', 'proceedings.pdf'],
      ['es', 'proceedings.es.pdf'],
      ['fr', 'proceedings.fr.pdf']
    ] as const) {
      const all = (await pdfPages(path.join(out, pdf))).join('\n')
      for (const contribution of manifest.sessions.flatMap((session) => session.contributions)) {
        const translation = contribution.translations.find((item) => item.language === language)
        const title = translation
          ? /^title: "?(.*?)"?$/m.exec(
              await readFile(path.join(repoDir, 'content', translation.source), 'utf8')
            )![1]!
          : contribution.title
        expect(all, `${pdf}: ${contribution.id}`).toContain(title)
      }
    }
  })
})
