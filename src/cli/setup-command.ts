import {Command} from 'commander'
import type {Output} from './report.js'
import {terminalText} from './terminal-text.js'

export function setupCommand(output: Output): Command {
  return new Command('setup')
    .description('make sure a Chrome or Chromium for the PDF exists, downloading or installing one if needed')
    .action(async () => {
      const {setupBrowser} = await import('../browser/setup-browser.js')
      const {testedChromium} = await import('../browser/tested-chromium.js')
      const result = await setupBrowser((line) => output.err(line))
      const verb = {found: 'Found', downloaded: 'Downloaded', installed: 'Installed'}[result.action]
      output.out(`${verb} a browser for the PDF: ${result.browser.executablePath} (${result.browser.origin})`)
      const tested = `Chromium ${testedChromium.join(', ')}`
      // The version is whatever the executable printed: shown as text, never as terminal codes.
      const version = result.version === undefined ? undefined : terminalText(result.version)
      output.out(`Its version: ${version ?? 'not told'}; the PDF is tested with ${tested}`)
      if (version && !result.tested)
        output.err(
          `warning: ${version} is not a version the PDF is tested with (${tested}). It should still print the PDF, more slowly if it writes PDF files another way; if the PDF fails, pass a tested one with \`--chrome <path>\`.`
        )
    })
}
