// A seeded generator of synthetic forums for the benchmark: the same seed and
// sizes always give the same files. Sessions have 6 to 10 guiding questions in
// two rounds and 3 to 5 objectives; contributions about 700 words each.
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

export async function generateForum(dir, {sessions, contributions, seed = 1}) {
  const next = random(seed)
  const pick = (list) => list[Math.floor(next() * list.length)]
  const sentence = (min, max) => {
    const length = min + Math.floor(next() * (max - min))
    const text = Array.from({length}, () => pick(words)).join(' ')
    return text[0].toUpperCase() + text.slice(1) + '.'
  }
  const paragraph = () => Array.from({length: 4 + Math.floor(next() * 4)}, () => sentence(10, 22)).join(' ')

  await mkdir(path.join(dir, 'sessions'), {recursive: true})
  await writeFile(
    path.join(dir, 'forum.md'),
    `---\ntitle: Synthetic Forum (${contributions} contributions)\ndate: 2024-05-01\norganizers: [Benchmark Network]\n---\n\n${paragraph()}\n`
  )
  const shapes = []
  for (let index = 0; index < sessions; index++) {
    const id = `session-${String(index + 1).padStart(2, '0')}`
    const questions = 6 + Math.floor(next() * 5)
    const objectives = 3 + Math.floor(next() * 3)
    shapes.push({id, questions, objectives})
    const list = (count, start = 1) =>
      Array.from(
        {length: count},
        (_, item) => `${start + item}. ${sentence(8, 16).replace(/\.$/, '?')}`
      ).join('\n')
    const half = Math.ceil(questions / 2)
    await writeFile(
      path.join(dir, 'sessions', `${id}.md`),
      [
        '---',
        `title: ${sentence(5, 9).replace(/\.$/, '')}`,
        `order: ${index + 1}`,
        `date: 2024-05-${String((index % 28) + 1).padStart(2, '0')}`,
        '---',
        '',
        '## Summary',
        '',
        paragraph(),
        '',
        '## Concept note',
        '',
        paragraph(),
        '',
        paragraph(),
        '',
        '## Objectives',
        '',
        Array.from({length: objectives}, (_, item) => `${item + 1}. ${sentence(8, 14)}`).join('\n'),
        '',
        '## Main question',
        '',
        sentence(10, 16).replace(/\.$/, '?'),
        '',
        '## Guiding questions',
        '',
        '### Round 1',
        '',
        list(half),
        '',
        '### Round 2',
        '',
        list(questions - half, half + 1),
        ''
      ].join('\n')
    )
  }

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
    const body = [
      paragraph(),
      '',
      `## ${sentence(3, 6).replace(/\.$/, '')}`,
      '',
      paragraph(),
      '',
      `- ${sentence(6, 10)}\n- ${sentence(6, 10)}\n- ${sentence(6, 10)}`,
      '',
      paragraph(),
      '',
      `> ${sentence(12, 20)}`,
      '',
      paragraph(),
      '',
      next() < 0.1
        ? `| Indicator | Value |\n| --- | ---: |\n| ${pick(words)} | ${Math.floor(next() * 100)} |\n| ${pick(words)} | ${Math.floor(next() * 100)} |\n`
        : '',
      paragraph(),
      '',
      paragraph()
    ]
    await writeFile(
      path.join(folder, `c${String(index).padStart(5, '0')}.md`),
      [
        '---',
        `title: ${sentence(4, 9).replace(/\.$/, '')}`,
        `session: ${session.id}`,
        'speakers:',
        ...speakers,
        `questions: [${[...new Set(questions)].join(', ')}]`,
        `objectives: [${1 + Math.floor(next() * session.objectives)}]`,
        `type: ${pick(types)}`,
        `language: ${pick(['en', 'en', 'en', 'es', 'fr'])}`,
        '---',
        '',
        ...body,
        ''
      ].join('\n')
    )
  }
}
