import {readFile, readdir} from 'node:fs/promises'
import path from 'node:path'
import {HtmlValidate, StaticConfigLoader} from 'html-validate'

// The standard preset judges validity (content models, attributes, ids, ARIA), not a house style of markup.
const validator = new HtmlValidate(new StaticConfigLoader({extends: ['html-validate:standard']}))

/** Every problem html-validate finds in the HTML pages of a built site, as `file:line:column rule message`. */
export async function invalidMarkup(dir: string): Promise<{pages: string[]; problems: string[]}> {
  const pages = (await readdir(dir, {recursive: true}))
    .filter((file) => file.endsWith('.html') && !file.startsWith('pagefind'))
    .sort()
  const problems: string[] = []
  for (const file of pages) {
    const report = await validator.validateString(await readFile(path.join(dir, file), 'utf8'), file)
    for (const result of report.results) {
      for (const message of result.messages)
        problems.push(`${file}:${message.line}:${message.column} ${message.ruleId} ${message.message}`)
    }
  }
  return {pages, problems}
}
