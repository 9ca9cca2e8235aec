// Runs npm scripts side by side (`node scripts/run-parallel.mjs typecheck lint`), as `npm test` does with the
// checks that only read the sources: tsc and ESLint each keep one core busy. Each script's output is printed
// whole when it ends, so that the two do not interleave; the exit code is the first failing script's, else 0.
import {spawn} from 'node:child_process'

const names = process.argv.slice(2)
if (names.length === 0) {
  console.error('usage: node scripts/run-parallel.mjs <npm script>...')
  process.exit(2)
}

const runs = names.map(
  (name) =>
    new Promise((resolve) => {
      const child = spawn('npm', ['run', '--silent', name], {
        shell: process.platform === 'win32',
        stdio: ['ignore', 'pipe', 'pipe']
      })
      const output = []
      child.stdout.on('data', (chunk) => output.push(chunk))
      child.stderr.on('data', (chunk) => output.push(chunk))
      child.on('error', (error) => resolve({name, code: 1, output: [Buffer.from(`${error}\n`)]}))
      child.on('close', (code, signal) => resolve({name, code: code ?? (signal ? 1 : 0), output}))
    })
)

let failed = 0
for (const run of runs) {
  const {name, code, output} = await run
  process.stdout.write(`> npm run ${name}${code === 0 ? '' : ` (exit code ${code})`}\n`)
  process.stdout.write(Buffer.concat(output))
  if (code !== 0 && failed === 0) failed = code
}
process.exit(failed)
