import type {HTTPRequest} from 'puppeteer-core'
import {contentType} from '../../content-type.js'
import {fileContents, type OutputFile} from '../../../util/output-file.js'

/** The print page is loaded from this origin, which only serves the build's own files. */
export const origin = 'https://proceedings.invalid'

/** The print page of a piece, among the build's files that it may load. */
export interface ServedPage {
  files: Map<string, OutputFile>
  path: string
  html: string
}

/**
 * Answers a request of the print page: a GET of one of the build's own files
 * on the print origin; anything else is aborted.
 */
export async function answer(request: HTTPRequest, served: Map<string, OutputFile>) {
  try {
    const url = new URL(request.url())
    const file = url.origin === origin ? served.get(decodeURIComponent(url.pathname)) : undefined
    if (!file || request.method() !== 'GET') {
      await request.abort('blockedbyclient')
      return
    }
    const body = Buffer.from(await fileContents(file))
    await request.respond({status: 200, contentType: contentType(file.path), body})
  } catch {
    // The page is gone (browser closed or crashed): the print itself reports that.
  }
}
