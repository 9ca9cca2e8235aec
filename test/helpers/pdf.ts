import {readFile} from 'node:fs/promises'
import {getDocument} from 'pdfjs-dist/legacy/build/pdf.mjs'

/** The text of each page of a PDF, in page order, with runs of white space folded. */
export async function pdfPages(file: string): Promise<string[]> {
  const document = await getDocument({data: new Uint8Array(await readFile(file)), useSystemFonts: false}).promise
  const pages: string[] = []
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number)
    const content = await page.getTextContent()
    // Runs are joined as they are: ligatures such as `fi` come as runs of their own.
    const runs = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
    pages.push(runs.join('').replace(/\s+/g, ' ').trim())
  }
  await document.destroy()
  return pages
}
