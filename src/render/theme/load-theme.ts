import {createHash} from 'node:crypto'
import {readdir, readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import type HandlebarsWithCompiler from 'handlebars'
import HandlebarsRuntime from 'handlebars/runtime.js'
import {ExitCode, UserError} from '../../errors.js'
import {compiledDir, defaultThemeDir} from '../../util/package-files.js'
import {registerHelpers} from './helpers.js'

/** The folder under `assets/` that holds the content's images: no theme file may be there. */
export const contentAssetsFolder = 'content'

export const pageTemplates = [
  'index',
  'contents',
  'search',
  'session',
  'contribution-page',
  'speakers',
  'print'
] as const
export type PageTemplate = (typeof pageTemplates)[number]

export interface Theme {
  render(template: PageTemplate, context: object): string
  /** How many templates were taken compiled ahead instead of compiled at load. */
  compiledAhead: number
  /** Whether every template is the default theme's, whose pages show only what `serve`'s page memo looks at. */
  defaultTemplates: boolean
  /**
   * Whether every template and `print.css` are the default theme's: their print page gives each page number a box
   * of fixed width, so the PDF step can print a piece once and draw its numbers in afterwards.
   */
  defaultPrint: boolean
  /** A hash of every template's name and source, and of the Handlebars version that compiles them. */
  fingerprint: string
  /** Stylesheets and other static files, by their path under `assets/`. */
  staticFiles: Map<string, Buffer>
}

/**
 * A partial called on a line of its own is not indented line by line: that
 * would shift the lines of every code block a contribution holds, and it cost
 * a third of the time of rendering the site.
 */
const compileOptions = {preventIndent: true} // Handlebars adds to the options it is given: each call gets a copy.

/**
 * Templates are rendered by Handlebars' runtime. Its compiler (with its
 * parser and source maps, twice the runtime's code) loads only when a
 * template was not compiled ahead: the default theme's never need it.
 */
// The package types its runtime as an empty module: the runtime is the full API without `compile` and `precompile`.
const Handlebars = HandlebarsRuntime as unknown as Omit<
  typeof HandlebarsWithCompiler,
  'compile' | 'precompile'
>

async function precompile(source: string): Promise<string> {
  const {default: compiler} = await import('handlebars')
  return compiler.precompile(source, {...compileOptions}) as string
}

/**
 * The default theme's templates, compiled when the tool is built (`npm run
 * build`), by a hash of their source: compiling them took a third of an HTML
 * rebuild's rendering. A template whose source differs (an override, or a
 * default template edited since) is compiled when the theme is loaded.
 */
const compiledThemeFile = path.join(compiledDir, 'default-theme.json')

function templateKey(source: string): string {
  return createHash('sha256')
    .update(`${Handlebars.VERSION}\u0000${JSON.stringify(compileOptions)}\u0000${source}`)
    .digest('hex')
}

/** Writes the default theme's templates compiled, for `loadTheme`; returns how many. */
export async function writeCompiledTheme(): Promise<number> {
  const compiled: Record<string, string> = {}
  for (const relative of await listFiles(defaultThemeDir)) {
    if (!relative.endsWith('.hbs')) continue
    const source = await readFile(path.join(defaultThemeDir, relative), 'utf8')
    compiled[templateKey(source)] = await precompile(source)
  }
  await writeFile(compiledThemeFile, JSON.stringify(compiled))
  return Object.keys(compiled).length
}

async function readCompiledTheme(): Promise<Map<string, string>> {
  const text = await readFile(compiledThemeFile, 'utf8').catch(() => undefined)
  return new Map(text === undefined ? [] : Object.entries(JSON.parse(text) as Record<string, string>))
}

/**
 * Loads the theme: the default templates, overridden file by file by each
 * folder in `overrides` (later ones win). `*.hbs` files at the top are page
 * templates, those in `partials/` are partials; everything else is copied to
 * `assets/`. Only these files are compiled: content is always data.
 */
export async function loadTheme(
  overrides: string[] = [],
  options: {compiledAhead?: boolean} = {}
): Promise<Theme> {
  const files = new Map<string, string>()
  for (const dir of [defaultThemeDir, ...overrides]) {
    for (const relative of await listFiles(dir)) files.set(relative, path.join(dir, relative))
  }

  const handlebars = Handlebars.create()
  registerHelpers(handlebars)
  const compiledTheme =
    options.compiledAhead === false ? new Map<string, string>() : await readCompiledTheme()
  let compiledAhead = 0
  const compile = async (source: string): Promise<HandlebarsTemplateDelegate> => {
    let spec = compiledTheme.get(templateKey(source))
    if (spec === undefined) spec = await precompile(source)
    else compiledAhead++
    // The spec is JavaScript written by Handlebars' compiler from the template, which stays data for it.
    return handlebars.template(new Function(`return ${spec}`)() as TemplateSpecification)
  }
  const templates = new Map<string, HandlebarsTemplateDelegate>()
  const staticFiles = new Map<string, Buffer>()
  const fingerprint = createHash('sha256')

  for (const [relative, absolute] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (relative.endsWith('.hbs')) {
      const source = await readFile(absolute, 'utf8')
      const name = relative.slice(0, -'.hbs'.length)
      fingerprint.update(`${relative}\u0000${templateKey(source)}\u0000`)
      try {
        if (name.startsWith('partials/'))
          handlebars.registerPartial(name.slice('partials/'.length), await compile(source))
        else templates.set(name, await compile(source))
      } catch (error) {
        throw themeError(absolute, error)
      }
    } else if (relative.startsWith(`${contentAssetsFolder}/`)) {
      throw new UserError(
        `Theme file ${absolute} is in \`${contentAssetsFolder}/\`, a folder kept for the content's images`,
        {
          exitCode: ExitCode.usage,
          hint: `Move it to another folder of the templates: \`assets/${contentAssetsFolder}/\` holds the images contributions use.`
        }
      )
    } else {
      staticFiles.set(relative, await readFile(absolute))
    }
  }

  for (const name of pageTemplates) {
    if (!templates.has(name))
      throw new UserError(`Theme has no \`${name}.hbs\` template`, {exitCode: ExitCode.usage})
  }

  return {
    staticFiles,
    compiledAhead,
    fingerprint: fingerprint.digest('base64url'),
    defaultTemplates: [...files].every(
      ([relative, absolute]) =>
        !relative.endsWith('.hbs') || absolute === path.join(defaultThemeDir, relative)
    ),
    defaultPrint: [...files].every(
      ([relative, absolute]) =>
        !(relative.endsWith('.hbs') || relative === 'print.css') ||
        absolute === path.join(defaultThemeDir, relative)
    ),
    render(template, context) {
      try {
        return templates.get(template)!(context, {
          allowProtoPropertiesByDefault: false,
          allowProtoMethodsByDefault: false
        })
      } catch (error) {
        throw themeError(files.get(`${template}.hbs`) ?? template, error)
      }
    }
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {withFileTypes: true, recursive: true}).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        throw new UserError(`Templates folder not found: ${dir}`, {exitCode: ExitCode.usage})
      }
      throw error
    }
  )
  return entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
}

function themeError(file: string, error: unknown) {
  return new UserError(
    `Template error in ${file}: ${error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : String(error)}`,
    {
      exitCode: ExitCode.usage,
      hint: 'Fix the template override, or remove it to use the default theme.',
      cause: error
    }
  )
}
