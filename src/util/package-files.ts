import {readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

// Every path into the installed package is resolved here. This module sits two
// folders below the package's root both as compiled (`lib/util/`) and inside the
// bundled CLI (`lib/bundle/`), and in the sources (`src/util/`) under test.

/** The folder holding the tool's `package.json`, `templates/` and `lib/`. */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url))

/** The compiled modules (`lib/`), whose parsing code the build cache is keyed on. */
export const compiledDir = path.join(packageRoot, 'lib')

/** The default theme shipped with the tool. */
export const defaultThemeDir = path.join(packageRoot, 'templates') + path.sep

/** The tool's own name and version. */
export const toolPackage = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
  name: string
  version: string
}
