// A thread that formats citations for `formatCitations` (see format-citations.ts).
import {parentPort, workerData} from 'node:worker_threads'
import {CitationFormatter} from './citation-formats.js'
import type {CslItem} from './csl-items.js'

const {language, items} = workerData as {language: string; items: CslItem[]}
const formatter = new CitationFormatter(language)
formatter.prepare(items)
parentPort!.postMessage(items.map((item) => [item.id, formatter.format(item)]))
