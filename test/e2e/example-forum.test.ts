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
    contributions: {id: string; title: string; language: string; questions: unknown[]; type: string}[]
  }[]
}

let out: string
let manifest: Manifest

beforeAll(async () => {
  out = path.join(await tempDir(), 'dist')
  const result = await runCli(['build', path.join(repoDir, 'content'), '--out', out])
  expect(result.stderr).toBe('')
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
    const {pages} = await readPdf(path.join(out, 'proceedings.pdf'))
    for (const title of [
      'Measuring the tangible benefits of research and inter-cooperation networks',
      'El papel de los gobiernos y de los organismos internacionales',
      'Les alliances locales et internationales au service',
      "Consolider les écosystèmes de l'ESS"
    ]) {
      const page = pages.findLast((item) => item.text.includes(title))
      expect(page, title).toBeDefined()
      expect(page!.lines.filter((line) => /\p{L}\u2010$/u.test(line)).length, title).toBeGreaterThan(0)
    }
    for (const file of ['sessions/intercooperation-alliances.html', 'sessions/local-to-global.html'])
      expect(await readFile(path.join(out, file), 'utf8')).not.toContain('\u00ad')
  })

  it('prints the whole forum into the PDF', async () => {
    const pages = await pdfPages(path.join(out, 'proceedings.pdf'))
    const all = pages.join('\n')
    for (const contribution of manifest.sessions.flatMap((session) => session.contributions)) {
      expect(all).toContain(contribution.title)
    }
  })
})
