import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'

/** Adds `count` contributions of a few paragraphs to a copy of the minimal fixture, so that printing takes a while. */
export async function addContributions(dir: string, count: number) {
  await mkdir(path.join(dir, 'contributions/many'), {recursive: true})
  const paragraph =
    'Cooperatives, mutuals and associations share their experience of building alliances across borders. '.repeat(
      8
    )
  await Promise.all(
    Array.from({length: count}, (_, index) =>
      writeFile(
        path.join(dir, `contributions/many/c${String(index).padStart(4, '0')}.md`),
        `---\ntitle: Contribution ${index}\nsession: s\nspeakers: [Speaker ${index}]\nquestions: [${(index % 3) + 1}]\n---\n\n${paragraph}\n\n${paragraph}\n\n${paragraph}\n`
      )
    )
  )
}
