import type {Proceedings} from '../../model/types.js'
import type {OutputFile} from '../output-file.js'
import {pageContext} from '../page-context.js'
import type {Theme} from '../theme/load-theme.js'

/**
 * The static site: `index.html` (overview and contents), one page per
 * session under `sessions/`, `speakers.html`, the theme's static files and
 * the content's images under `assets/`.
 */
export function renderSite(proceedings: Proceedings, theme: Theme): OutputFile[] {
  const files: OutputFile[] = [
    {path: 'index.html', contents: theme.render('index', pageContext(proceedings, {mode: 'site', inFolder: false}))},
    {path: 'speakers.html', contents: theme.render('speakers', pageContext(proceedings, {mode: 'site', inFolder: false}))}
  ]
  for (const session of proceedings.sessions) {
    files.push({
      path: `sessions/${session.session.id}.html`,
      contents: theme.render('session', pageContext(proceedings, {mode: 'site', inFolder: true}, {current: session}))
    })
  }
  for (const [name, contents] of theme.staticFiles) files.push({path: `assets/${name}`, contents})
  for (const asset of proceedings.assets) files.push({path: asset.target, copyFrom: asset.source})
  return files
}
