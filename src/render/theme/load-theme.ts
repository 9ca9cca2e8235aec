import {readdir, readFile} from 'node:fs/promises'
import path from 'node:path'
import Handlebars from 'handlebars'
import {ExitCode, UserError} from '../../errors.js'
import {defaultThemeDir} from '../../util/package-files.js'
import {registerHelpers} from './helpers.js'


export const pageTemplates = ['index', 'session', 'speakers', 'print'] as const
export type PageTemplate = (typeof pageTemplates)[number]

export interface Theme {
  render(template: PageTemplate, context: object): string
  /** Stylesheets and other static files, by their path under `assets/`. */
  staticFiles: Map<string, Buffer>
}

/**
 * Loads the theme: the default templates, overridden file by file by each
 * folder in `overrides` (later ones win). `*.hbs` files at the top are page
 * templates, those in `partials/` are partials; everything else is copied to
 * `assets/`. Only these files are compiled: content is always data.
 */
/**
 * A partial called on a line of its own is not indented line by line: that
 * would shift the lines of every code block a contribution holds, and it cost
 * a third of the time of rendering the site.
 */
const compileOptions: Parameters<typeof Handlebars.compile>[1] = {preventIndent: true}

export async function loadTheme(overrides: string[] = []): Promise<Theme> {
  const files = new Map<string, string>()
  for (const dir of [defaultThemeDir, ...overrides]) {
    for (const relative of await listFiles(dir)) files.set(relative, path.join(dir, relative))
  }

  const handlebars = Handlebars.create()
  registerHelpers(handlebars)
  const templates = new Map<string, HandlebarsTemplateDelegate>()
  const staticFiles = new Map<string, Buffer>()

  for (const [relative, absolute] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (relative.endsWith('.hbs')) {
      const source = await readFile(absolute, 'utf8')
      const name = relative.slice(0, -'.hbs'.length)
      try {
        if (name.startsWith('partials/')) handlebars.registerPartial(name.slice('partials/'.length), handlebars.compile(source, compileOptions))
        else templates.set(name, handlebars.compile(source, compileOptions))
      } catch (error) {
        throw themeError(absolute, error)
      }
    } else {
      staticFiles.set(relative, await readFile(absolute))
    }
  }

  for (const name of pageTemplates) {
    if (!templates.has(name)) throw new UserError(`Theme has no \`${name}.hbs\` template`, {exitCode: ExitCode.usage})
  }

  return {
    staticFiles,
    render(template, context) {
      try {
        return templates.get(template)!(context, {allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false})
      } catch (error) {
        throw themeError(files.get(`${template}.hbs`) ?? template, error)
      }
    }
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {withFileTypes: true, recursive: true}).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      throw new UserError(`Templates folder not found: ${dir}`, {exitCode: ExitCode.usage})
    }
    throw error
  })
  return entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
}

function themeError(file: string, error: unknown) {
  return new UserError(`Template error in ${file}: ${error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : String(error)}`, {
    exitCode: ExitCode.usage,
    hint: 'Fix the template override, or remove it to use the default theme.',
    cause: error
  })
}
