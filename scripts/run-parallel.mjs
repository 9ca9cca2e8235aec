// Runs npm scripts side by side, as `npm test` does with its checks: `node scripts/run-parallel.mjs
// build,typecheck lint` runs `build` then `typecheck` (which reads the declarations build writes) while
// `lint` runs, each keeping one core busy. Each argument's output is printed whole when it ends, so that
// they do not interleave; the exit code is the first failing script's, else 0.
import {spawn} from 'node:child_process'

const chains = process.argv.slice(2).map((argument) => argument.split(','))
if (chains.length === 0 || chains.some((names) => names.some((name) => name === ''))) {
  console.error('usage: node scripts/run-parallel.mjs <npm script>[,<npm script>...]...')
  process.exit(2)
}

/** Runs one npm script, collecting its output; resolves to its exit code. */
function run(name, output) {
  return new Promise((resolve) => {
    output.push(Buffer.from(`> npm run ${name}\n`))
    const child = spawn('npm', ['run', '--silent', name], {
      shell: process.platform === 'win32',
      stdio: ['ignore', 'pipe', 'pipe']
    })
    child.stdout.on('data', (chunk) => output.push(chunk))
    child.stderr.on('data', (chunk) => output.push(chunk))
    child.on('error', (error) => {
      output.push(Buffer.from(`${error}\n`))
      resolve(1)
    })
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

const runs = chains.map(async (names) => {
  const output = []
  for (const name of names) {
    const code = await run(name, output)
    if (code !== 0) {
      output.push(Buffer.from(`npm run ${name} failed with exit code ${code}\n`))
      return {code, output}
    }
  }
  return {code: 0, output}
})

let failed = 0
for (const done of runs) {
  const {code, output} = await done
  process.stdout.write(Buffer.concat(output))
  if (code !== 0 && failed === 0) failed = code
}
process.exit(failed)
