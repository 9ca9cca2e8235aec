import {defineConfig} from 'vitest/config'
import {SlowestFirst} from './test/sequencer.js'

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PDF tests each start Chromium; two cores do not gain from more workers.
    maxWorkers: 2,
    // The longest files first, even before vitest has timings of its own: see test/sequencer.ts.
    sequence: {sequencer: SlowestFirst},
    // `vitest run` runs every project; `--project unit` is the quick loop (`npm run test:unit`).
    projects: [
      {extends: true, test: {name: 'unit', include: ['test/unit/**/*.test.ts']}},
      // Generated inputs compared with the reference parsers: thousands of runs, tens of seconds.
      {extends: true, test: {name: 'property', include: ['test/property/**/*.test.ts']}},
      // The real CLI, files, HTTP and Chromium.
      {
        extends: true,
        test: {name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/global-setup.ts']}
      }
    ]
  }
})
