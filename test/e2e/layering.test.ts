import {execFile} from 'node:child_process'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const fixture = fileURLToPath(new URL('../fixtures/layering', import.meta.url))
const depcruise = fileURLToPath(
  new URL('../../node_modules/dependency-cruiser/bin/dependency-cruise.mjs', import.meta.url)
)

/** Runs the layering check of `npm run lint` with the project's rules on the fixture's src/. */
function checkLayers(): Promise<{code: number; stdout: string}> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [depcruise, 'src', '--config', `${root}.dependency-cruiser.cjs`, '--no-progress'],
      {cwd: fixture, env: {...process.env, NO_COLOR: '1'}},
      (error, stdout) => {
        resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout})
      }
    )
  })
}

describe('the layering rule', () => {
  it('fails on an import against the layers, type-only ones too, and names the rule, the file and the import', async () => {
    const {code, stdout} = await checkLayers()
    const errors = stdout.split('\n').filter((line) => line.trim().startsWith('error '))
    expect(code).not.toBe(0)
    expect(errors.map((line) => line.trim()).sort()).toEqual([
      'error layer-model: src/model/session-title.ts → src/render/page.ts',
      'error layer-output: src/output/write-page.ts → src/render/page.ts'
    ])
    // The model importing content is an allowed arrow, and is cruised without a message.
    expect(stdout).toContain('4 modules, 3 dependencies cruised')
  })
})
