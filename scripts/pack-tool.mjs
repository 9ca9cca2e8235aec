// Packs the tool, as `proceedings init` does for a forum's vendor/ folder: `npm pack` of the built
// lib/, its package.json without the scripts npm would run at install. Usage: npm run pack:tool [dir]
import path from 'node:path'
import {packTool} from '../lib/scaffold/pack-tool.js'

const dir = path.resolve(process.argv[2] ?? '.')
const name = await packTool(dir)
if (!name) {
  console.error('pack:tool: npm could not pack the tool (is npm on the PATH, and lib/ built?)')
  process.exit(1)
}
console.log(path.join(dir, name))
