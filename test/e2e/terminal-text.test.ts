import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {runCli} from '../helpers/cli.js'
import {copyFixtures} from '../helpers/fixtures.js'

/** What a terminal or a CI log would act on in printed text, rather than show. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const acting = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/u

function expectInert(output: string) {
  expect(output).not.toMatch(acting)
  // GitHub Actions reads a workflow command only at the start of a line.
  expect(output.split('\n').filter((line) => line.startsWith('::'))).toEqual([])
}

describe('text from contributions printed to a terminal or a CI log', () => {
  it('shows the control characters of keys and values as escapes, in text and in JSON', async () => {
    const dir = await copyFixtures('terminal-text')
    const text = await runCli(['check', '.'], {cwd: dir})
    expect(text.code).toBe(1)
    expectInert(text.stderr)
    expect(text.stderr).toContain(
      'plenery\\n::error file=x::forged\\r\\e]52;c;aGFja2Vk\\u0007\\e[2J\\u009b31m'
    )
    expect(text.stderr).toContain('\\e]0;title\\u0007\\nkey')

    const json = await runCli(['check', '.', '--reporter', 'json'], {cwd: dir})
    expectInert(json.stdout)
    const messages = (JSON.parse(json.stdout) as {messages: {message: string}[]}).messages.map(
      (message) => message.message
    )
    const github = await runCli(['check', '.', '--reporter', 'github'], {cwd: dir})
    expect(github.stdout + github.stderr).not.toMatch(acting)
    const commands = (github.stdout + github.stderr).split('\n').filter((line) => line.startsWith('::'))
    expect(commands.length).toBeGreaterThan(0)
    expect(commands.every((line) => /^::(error|warning|notice) file=/.test(line))).toBe(true)

    // JSON escapes keep every value as it was.
    expect(
      messages.some((message) =>
        message.includes('plenery\n::error file=x::forged\r\u001b]52;c;aGFja2Vk\u0007\u001b[2J\u009b31m')
      )
    ).toBe(true)
  })

  it('shows the control characters of file names as escapes', async () => {
    const dir = await copyFixtures('minimal')
    await writeFile(
      path.join(dir, 'contributions', 'x\n::error::forged\u001b[31m.md'),
      '---\ntitle: T\nsession: nowhere\nspeakers: [S]\n---\n'
    )
    const result = await runCli(['check', '.'], {cwd: dir})
    expect(result.code).toBe(1)
    expectInert(result.stderr)
    expect(result.stderr).toContain('contributions/x\\n::error::forged\\e[31m.md:3:10: error')
  })
})
