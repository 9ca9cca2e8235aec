import path from 'node:path'
import {Command} from 'commander'
import {firstSessionId, initForum, scaffoldFiles} from '../scaffold/init-forum.js'
import type {Output} from './report.js'

export function initCommand(output: Output): Command {
  return new Command('init')
    .description('start a forum: forum.md, a concept note, a contribution, and a GitHub Actions workflow to publish it')
    .argument('[dir]', 'folder for the forum, created if missing; must not hold forum.md, sessions/ or contributions/', '.')
    .option('--title <title>', 'the forum\'s title (default: a placeholder to replace in forum.md)')
    .action(async (dir: string, flags: {title?: string}) => {
      const written = await initForum(dir, {title: flags.title})
      const where = path.relative(process.cwd(), path.resolve(dir)) || '.'
      output.out(`Started a forum in ${where}/:`)
      for (const file of written) output.out(`  ${file}`)
      const kept = scaffoldFiles.filter((file) => !written.includes(file))
      if (kept.length) output.out(`Kept the existing ${kept.join(', ')}`)
      const folder = shellWord(where)
      output.out([
        'Next steps:',
        `  edit ${path.join(where, 'forum.md')} and ${path.join(where, 'sessions', `${firstSessionId}.md`)}`,
        `  proceedings new contribution --dir ${folder} --session ${firstSessionId} --title "…" --speaker "…" --question 1`,
        `  proceedings check ${folder}`,
        `  proceedings build ${folder}    (then open dist/index.html)`,
        `To publish with GitHub Pages: run npm install in ${folder}, commit package-lock.json, and push to main.`
      ].join('\n'))
    })
}

/** A folder name as it can be typed in a shell. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}
