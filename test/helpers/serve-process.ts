import {spawn} from 'node:child_process'
import {binPath} from './cli.js'

export interface ServeProcess {
  /** The address `serve` printed, such as `http://127.0.0.1:41234/`. */
  url: string
  stdout(): string
  stderr(): string
  /** Stops the server with Ctrl-C's signal and waits for it to exit. */
  stop(): Promise<void>
}

/** Starts the real `proceedings serve` in `cwd` and resolves once it says where it serves. */
export function startServe(args: string[], cwd: string): Promise<ServeProcess> {
  const child = spawn(process.execPath, [binPath, 'serve', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {...process.env, NO_COLOR: '1'}
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGINT')
    await exited
  }
  return new Promise((resolve, reject) => {
    const onData = () => {
      const match = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)
      if (!match) return
      child.stdout.off('data', onData)
      resolve({url: match[1]!, stdout: () => stdout, stderr: () => stderr, stop})
    }
    child.stdout.on('data', onData)
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)))
  })
}

/** Follows serve's live-reload event stream; returns what it has carried so far. */
export async function followEvents(url: string): Promise<() => string> {
  let events = ''
  const stream = await fetch(new URL('__proceedings/events', url))
  void (async () => {
    const decoder = new TextDecoder()
    const reader = stream.body!.getReader()
    for (let read = await reader.read(); !read.done; read = await reader.read())
      events += decoder.decode(read.value, {stream: true})
  })().catch(() => undefined)
  return () => events
}
