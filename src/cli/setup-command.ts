import {Command} from 'commander'
import type {Output} from './report.js'

export function setupCommand(output: Output): Command {
  return new Command('setup')
    .description('make sure a Chrome or Chromium for the PDF exists, downloading or installing one if needed')
    .action(async () => {
      const {setupBrowser} = await import('../browser/setup-browser.js')
      const result = await setupBrowser((line) => output.err(line))
      const verb = {found: 'Found', downloaded: 'Downloaded', installed: 'Installed'}[result.action]
      output.out(`${verb} a browser for the PDF: ${result.browser.executablePath} (${result.browser.origin})`)
    })
}
