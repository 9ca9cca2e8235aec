import {testedChromium} from '../../browser/tested-chromium.js'
import {ExitCode, UserError} from '../../errors.js'
import type {PdfShapeError} from '../../pdf-file/pdf-shape-error.js'

/**
 * A piece the browser printed that neither the merge nor pdf-lib can read,
 * even printed again: an environment problem (most likely a browser that
 * writes PDFs another way), not the content's.
 */
export class PieceFormatError extends UserError {
  constructor(shape: PdfShapeError) {
    super(`A piece of the PDF as the browser printed it cannot be read: ${shape.message}`, {
      exitCode: ExitCode.environment,
      hint: `Try the Chromium that \`proceedings setup\` installs, or another one with \`--chrome <path>\` (tested: Chromium ${testedChromium.join(', ')}).`,
      cause: shape
    })
  }
}
