// Run after `tsc` has compiled `src/` into `lib/`. Two things make a run start faster:
//
// The CLI is bundled into `lib/bundle/`, so that a run loads a few files instead of
// several hundred small modules: Node starts the tool in about a third of the time,
// which is most of a rebuild after one edit.
//
// Modules only some commands need (the browser, PDF writing, file watching) stay
// outside the bundle and are loaded when used. The tool's own lazily imported
// modules become chunks of their own for the same reason.
//
// gray-matter's default YAML engine (js-yaml, which loads esprima) is never used, so the bundle
// carries a stand-in for it (`scripts/bundle/js-yaml.cjs`).
//
// The default theme's templates are compiled into `lib/default-theme.json`.
import {rm} from 'node:fs/promises'
import {fileURLToPath} from 'node:url'
import {build} from 'esbuild'
import {writeCompiledTheme} from '../lib/render/theme/load-theme.js'

const repo = fileURLToPath(new URL('..', import.meta.url))
const outdir = `${repo}lib/bundle`

await rm(outdir, {recursive: true, force: true})
await build({
  absWorkingDir: repo,
  entryPoints: {
    main: 'lib/cli/main.js',
    'parse-worker': 'lib/core/parse-worker.js',
    'part-worker': 'lib/render/pdf/part-worker.js',
    'citation-worker': 'lib/render/cite/citation-worker.js'
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['puppeteer-core', 'pdf-lib', '@puppeteer/browsers', 'chokidar'],
  alias: {'js-yaml': './scripts/bundle/js-yaml.cjs'},
  // Bundled CommonJS packages (commander, gray-matter…) require Node's built-ins.
  banner: {
    js: "import {createRequire as createRequireForBundle} from 'node:module'; const require = createRequireForBundle(import.meta.url);"
  },
  logLevel: 'warning'
})

await writeCompiledTheme()
