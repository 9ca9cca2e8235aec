#!/usr/bin/env node
import {main} from '../lib/bundle/main.js'

process.exitCode = await main()
// The command is done. A timer a library left behind (puppeteer waits 30 s for a page of a browser that died
// mid-step) must not keep the process, or a CI job, waiting: exit once the output is written.
process.stdout.write('', () => process.stderr.write('', () => process.exit()))
