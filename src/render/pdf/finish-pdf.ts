import type {PDFDocument} from 'pdf-lib'
import type {Proceedings} from '../../model/types.js'
import type {VolumeWriter} from '../../pdf-file/volume-writer.js'

const producer = 'forum-proceedings (Chromium, pdf-lib)'

/**
 * Sets the document information a library catalogue reads (title, authors,
 * subject, keywords, language) and fixes both dates to the build time, so
 * that the same input and `SOURCE_DATE_EPOCH` give the same bytes.
 */
export function finishPdf(
  pdf: PDFDocument,
  proceedings: Proceedings,
  writer: VolumeWriter
): Uint8Array | undefined {
  const {forum} = proceedings
  const builtAt = new Date(proceedings.builtAt)
  pdf.setTitle(forum.title, {showInWindowTitleBar: true})
  if (forum.organizers.length) pdf.setAuthor(forum.organizers.join('; '))
  pdf.setSubject(forum.subtitle ?? forum.title)
  // One entry, the titles separated as readers expect: pdf-lib joins a list with spaces alone.
  pdf.setKeywords([proceedings.sessions.map(({session}) => session.title).join('; ')])
  pdf.setLanguage(forum.language)
  pdf.setCreator('forum-proceedings')
  pdf.setProducer(producer)
  pdf.setCreationDate(builtAt)
  pdf.setModificationDate(builtAt)
  return writer.finish(pdf.context)
}
