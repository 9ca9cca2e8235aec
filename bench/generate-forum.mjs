// A seeded generator of synthetic forums for the benchmark: the same seed and
// sizes always give the same files. Sessions have 6 to 10 guiding questions in
// two rounds and 3 to 5 objectives; contributions about 700 words each.
// With `languages`, the forum publishes an edition in each: `forum.<lang>.md`
// for the others, every concept note translated, and one contribution in
// `translatedEvery` (drawn at random) translated into each edition's language but its own. The
// originals are the same files as without it (translations draw on a
// generator of their own), so the two builds compare.
import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'

/** mulberry32: a small, fast, seedable generator. */
function random(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const words = (
  'cooperative solidarity economy territory network alliance municipality community finance ' +
  'enterprise association mutual workers housing care food energy recovery crisis resilience public policy ' +
  'ecosystem partnership local global agenda development inclusion women youth rural urban digital platform ' +
  'training research evaluation governance democracy participation federation market procurement credit ' +
  'value sustainability climate transition commons knowledge exchange practice experience strategy'
).split(' ')
const first = [
  'Ana',
  'José',
  'Nguyễn Thị',
  'Zoë',
  'Søren',
  'Αθηνά',
  'Олена',
  'Amara',
  'Kwabena',
  'Élodie',
  'Mariana',
  'Björn',
  'Aroha',
  'Rafael',
  'Thandiwe',
  'Yasmine'
]
const last = [
  'Uno',
  'Ñúñez',
  'Lan',
  'Kowalczyk',
  'Bækgaard',
  'Παπαδοπούλου',
  'Шевченко',
  'Okonkwo',
  'Asante',
  'Fauré',
  'Gonçalves',
  'Ólafsson',
  'Te Rangi',
  'Quispe',
  'Mokoena',
  'Belkacem'
]
const countries = [
  'Chile',
  'Mexico',
  'Viet Nam',
  'Poland',
  'Denmark',
  'Greece',
  'Ukraine',
  'Senegal',
  'Ghana',
  'France',
  'Uruguay',
  'Iceland',
  'New Zealand',
  'Bolivia',
  'South Africa',
  'Morocco'
]
const types = ['intervention', 'intervention', 'intervention', 'keynote', 'panel', 'written', 'chat']

/** Words drawn from `next`: a sentence of `min` to `max` words, a paragraph of 4 to 7 sentences. */
function writer(next) {
  const pick = (list) => list[Math.floor(next() * list.length)]
  const sentence = (min, max) => {
    const length = min + Math.floor(next() * (max - min))
    const text = Array.from({length}, () => pick(words)).join(' ')
    return text[0].toUpperCase() + text.slice(1) + '.'
  }
  const paragraph = () => Array.from({length: 4 + Math.floor(next() * 4)}, () => sentence(10, 22)).join(' ')
  return {next, pick, sentence, paragraph}
}

/** Section headings of a concept note in each language the bench translates into. */
const headings = {
  en: ['Summary', 'Concept note', 'Objectives', 'Main question', 'Guiding questions', 'Round'],
  es: ['Resumen', 'Nota conceptual', 'Objetivos', 'Pregunta principal', 'Preguntas orientadoras', 'Ronda'],
  fr: ['Résumé', 'Note conceptuelle', 'Objectifs', 'Question principale', 'Questions directrices', 'Tour']
}

export async function generateForum(
  dir,
  {sessions, contributions, seed = 1, languages = undefined, translatedEvery = 4}
) {
  const next = random(seed)
  const own = writer(next)
  const {pick, sentence, paragraph} = own

  const translations = writer(random(seed + 1))
  const others = (language) => (languages ?? []).filter((other) => other !== language)
  const languagesLine = languages ? `languages: [${languages.join(', ')}]\n` : ''

  await mkdir(path.join(dir, 'sessions'), {recursive: true})
  await writeFile(
    path.join(dir, 'forum.md'),
    `---\ntitle: Synthetic Forum (${contributions} contributions)\ndate: 2024-05-01\n${languagesLine}organizers: [Benchmark Network]\n---\n\n${paragraph()}\n`
  )
  for (const language of others('en')) {
    await writeFile(
      path.join(dir, `forum.${language}.md`),
      `---\ntitle: Synthetic Forum (${contributions} contributions, ${language})\n---\n\n${translations.paragraph()}\n`
    )
  }
  const shapes = []
  for (let index = 0; index < sessions; index++) {
    const id = `session-${String(index + 1).padStart(2, '0')}`
    const questions = 6 + Math.floor(next() * 5)
    const objectives = 3 + Math.floor(next() * 3)
    shapes.push({id, questions, objectives})
    const title = sentence(5, 9).replace(/\.$/, '')
    const note = (w, [summary, conceptNote, objectivesHeading, main, guiding, round]) => {
      const list = (count, start = 1) =>
        Array.from(
          {length: count},
          (_, item) => `${start + item}. ${w.sentence(8, 16).replace(/\.$/, '?')}`
        ).join('\n')
      const half = Math.ceil(questions / 2)
      return [
        `## ${summary}`,
        '',
        w.paragraph(),
        '',
        `## ${conceptNote}`,
        '',
        w.paragraph(),
        '',
        w.paragraph(),
        '',
        `## ${objectivesHeading}`,
        '',
        Array.from({length: objectives}, (_, item) => `${item + 1}. ${w.sentence(8, 14)}`).join('\n'),
        '',
        `## ${main}`,
        '',
        w.sentence(10, 16).replace(/\.$/, '?'),
        '',
        `## ${guiding}`,
        '',
        `### ${round} 1`,
        '',
        list(half),
        '',
        `### ${round} 2`,
        '',
        list(questions - half, half + 1),
        ''
      ]
    }
    await writeFile(
      path.join(dir, 'sessions', `${id}.md`),
      [
        '---',
        `title: ${title}`,
        `order: ${index + 1}`,
        `date: 2024-05-${String((index % 28) + 1).padStart(2, '0')}`,
        '---',
        '',
        ...note(own, headings.en)
      ].join('\n')
    )
    for (const language of others('en')) {
      await writeFile(
        path.join(dir, 'sessions', `${id}.${language}.md`),
        [
          '---',
          `title: ${translations.sentence(5, 9).replace(/\.$/, '')}`,
          'translators:',
          `  - name: ${translations.pick(first)} ${translations.pick(last)}`,
          '---',
          '',
          ...note(translations, headings[language])
        ].join('\n')
      )
    }
  }

  /** A contribution's text, about 700 words. */
  const body = (w) => [
    w.paragraph(),
    '',
    `## ${w.sentence(3, 6).replace(/\.$/, '')}`,
    '',
    w.paragraph(),
    '',
    `- ${w.sentence(6, 10)}\n- ${w.sentence(6, 10)}\n- ${w.sentence(6, 10)}`,
    '',
    w.paragraph(),
    '',
    `> ${w.sentence(12, 20)}`,
    '',
    w.paragraph(),
    '',
    w.next() < 0.1
      ? `| Indicator | Value |\n| --- | ---: |\n| ${w.pick(words)} | ${Math.floor(w.next() * 100)} |\n| ${w.pick(words)} | ${Math.floor(w.next() * 100)} |\n`
      : '',
    w.paragraph(),
    '',
    w.paragraph()
  ]
  for (let index = 0; index < contributions; index++) {
    const session = shapes[index % sessions]
    const folder = path.join(dir, 'contributions', session.id)
    if (index < sessions) await mkdir(folder, {recursive: true})
    const speakers = Array.from(
      {length: 1 + Math.floor(next() * (next() < 0.2 ? 3 : 1))},
      () =>
        `  - name: ${pick(first)} ${pick(last)}\n    affiliation: ${pick(words)} ${pick(words)} cooperative\n    country: ${pick(countries)}`
    )
    const questions = [1 + Math.floor(next() * session.questions)]
    if (next() < 0.25) questions.push(1 + Math.floor(next() * session.questions))
    const text = body(own)
    const name = `c${String(index).padStart(5, '0')}`
    const title = sentence(4, 9).replace(/\.$/, '')
    const front = [
      `session: ${session.id}`,
      'speakers:',
      ...speakers,
      `questions: [${[...new Set(questions)].join(', ')}]`,
      `objectives: [${1 + Math.floor(next() * session.objectives)}]`,
      `type: ${pick(types)}`
    ]
    const language = pick(['en', 'en', 'en', 'es', 'fr'])
    await writeFile(
      path.join(folder, `${name}.md`),
      ['---', `title: ${title}`, ...front, `language: ${language}`, '---', '', ...text, ''].join('\n')
    )
    if (!languages || translations.next() >= 1 / translatedEvery) continue
    for (const into of others(language)) {
      await writeFile(
        path.join(folder, `${name}.${into}.md`),
        [
          '---',
          `title: ${translations.sentence(4, 9).replace(/\.$/, '')}`,
          'translators:',
          `  - name: ${translations.pick(first)} ${translations.pick(last)}`,
          '---',
          '',
          ...body(translations),
          ''
        ].join('\n')
      )
    }
  }
}
