import path from 'node:path'
import {BaseSequencer, type TestSpecification} from 'vitest/node'

/**
 * The test files that take longest, slowest first. Vitest starts the files it has timings of (kept in
 * node_modules/.vite) longest first; without them, on a fresh checkout or a CI runner, it goes by the files'
 * sizes, and a short file that takes a minute (the install test) starts last, with one worker idle meanwhile.
 */
const slowest = ['cache', 'faults', 'install', 'fuzz', 'large-forum', 'accessibility', 'print'].map(
  (name) => `test/e2e/${name}.test.ts`
)

/** Vitest's order, but for the files above, started first when vitest has no timing of its own for them. */
export class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const name = path.relative(this.ctx.config.root, file.moduleId).split(path.sep).join('/')
      const timed = this.ctx.cache.getFileTestResults(`${file.project.name}:${name}`)
      const at = slowest.indexOf(name)
      return timed || at < 0 ? slowest.length : at
    }
    return (await super.sort(files))
      .map((file, index) => ({file, index, rank: rank(file)}))
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .map(({file}) => file)
  }
}
