// The parts of citation-js and citeproc-js the tool uses: the packages ship no types.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: object[])
    format(format: 'bibtex' | 'ris', options?: object): string
  }
  export const plugins: {
    config: {
      get(name: '@csl'): {
        styles: {get(name: string): string | undefined}
        locales: {get(name: string): string | undefined}
      }
      get(name: '@bibtex'): {format: {checkLabel: boolean; asciiOnly: boolean; useIdAsLabel: boolean}}
    }
  }
}
declare module '@citation-js/plugin-bibtex'
declare module '@citation-js/plugin-ris'
declare module '@citation-js/plugin-csl'
declare module '@citation-js/name' {
  export function parse(name: string): Record<string, string>
}
declare module 'citeproc' {
  interface Engine {
    setOutputFormat(format: 'text' | 'html'): void
    updateItems(ids: string[], noSort?: boolean): void
    makeBibliography(): [{entry_ids: string[][]}, string[]] | false
  }
  const CSL: {
    Engine: new (
      sys: {retrieveLocale(language: string): string | undefined; retrieveItem(id: string): object},
      style: string,
      language: string,
      forceLanguage: boolean
    ) => Engine
  }
  export default CSL
}
