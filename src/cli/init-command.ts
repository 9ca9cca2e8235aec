import path from 'node:path'
import {Command} from 'commander'
import {firstSessionId, initForum, scaffoldFiles, vendorDir} from '../scaffold/init-forum.js'
import type {Output} from './report.js'

export function initCommand(output: Output): Command {
  return new Command('init')
    .description(
      'start a forum: forum.md, a concept note, a contribution, and a GitHub Actions workflow to publish it'
    )
    .argument(
      '[dir]',
      'folder for the forum, created if missing; must not hold forum.md, sessions/ or contributions/',
      '.'
    )
    .option('--title <title>', "the forum's title (default: a placeholder to replace in forum.md)")
    .action(async (dir: string, flags: {title?: string}) => {
      const written = await initForum(dir, {title: flags.title})
      const where = path.relative(process.cwd(), path.resolve(dir)) || '.'
      output.out(`Started a forum in ${where}/:`)
      for (const file of written) output.out(`  ${file}`)
      const kept = scaffoldFiles.filter((file) => !written.includes(file))
      if (kept.length) output.out(`Kept the existing ${kept.join(', ')}`)
      if (written.includes('package.json') && !written.some((file) => file.startsWith(`${vendorDir}/`))) {
        output.err(
          `proceedings: npm could not pack the tool, so package.json lists none: add it with \`npm install --save-dev <the tool's tarball>\``
        )
      }
      // The other commands find the forum from any folder inside it: no folder to repeat.
      output.out(
        [
          'Next steps:',
          ...(where === '.' ? [] : [`  cd ${shellWord(where)}`]),
          `  edit forum.md and ${path.join('sessions', `${firstSessionId}.md`)}`,
          '  proceedings new session --title "…"',
          `  proceedings new contribution --session ${firstSessionId} --title "…" --speaker "…" --question 1`,
          '  proceedings check',
          '  proceedings build    (then open dist/index.html)',
          'To publish with GitHub Pages: run npm install, commit package-lock.json, and push to main.'
        ].join('\n')
      )
    })
}

/** A folder name as it can be typed in a shell. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}
