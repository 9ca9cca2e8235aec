// A thread that formats citations for `formatCitations` (see format-citations.ts).
import {parentPort, workerData} from 'node:worker_threads'
import {CitationFormatter} from './citation-formats.js'
import type {CslItem} from './csl-items.js'

const {language, items} = workerData as {language: string; items: CslItem[]}
parentPort!.postMessage([...new CitationFormatter(language).formatAll(items)])
