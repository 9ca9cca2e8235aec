/**
 * A PDF in a shape the raw reader does not read (a cross-reference stream,
 * an object not where the table says, …): what a browser update may bring.
 * Not a user error: whoever meets it reads the file another way, and only
 * when every way fails does the build stop.
 */
export class PdfShapeError extends Error {
  constructor(problem: string, options: {cause?: unknown} = {}) {
    super(problem, options)
    this.name = 'PdfShapeError'
  }
}
