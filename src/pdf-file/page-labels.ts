import {PDFName, PDFNumber, type PDFDocument, type PDFObject} from 'pdf-lib'

/** Page labels, so that a PDF viewer shows the numbers printed on the pages: `i`… for the front matter, then 1… */
export function writePageLabels(pdf: PDFDocument, frontPages: number) {
  const {context} = pdf
  const nums: PDFObject[] = [PDFNumber.of(0), context.obj({S: 'r'})]
  if (pdf.getPageCount() > frontPages) nums.push(PDFNumber.of(frontPages), context.obj({S: 'D'}))
  pdf.catalog.set(PDFName.of('PageLabels'), context.obj({Nums: nums}))
}
