// A thread that parses batches of files for `parseEach`.
import {parentPort, workerData} from 'node:worker_threads'
import {recordMessages, VFile} from '../content/content-file.js'
import {parseSourceFile, type Batch, type BatchResult, type ThreadParse} from './parse-pool.js'

const {contentRoot, language} = workerData as {contentRoot: string; language: string}

parentPort!.on('message', ({id, files}: Batch) => {
  const results = files.map((sent): ThreadParse => {
    const file = new VFile({path: sent.path, cwd: sent.cwd, value: sent.value})
    file.data.kind = sent.kind
    file.data.source = sent.source
    if (sent.translation) file.data.translation = sent.translation
    try {
      return {value: parseSourceFile(file, contentRoot, language), messages: recordMessages(file)}
    } catch {
      return {failed: true}
    }
  })
  parentPort!.postMessage({id, results} satisfies BatchResult)
})
