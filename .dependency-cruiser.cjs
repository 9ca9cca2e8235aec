/**
 * The layers of src/ and the arrows allowed between them, checked by `npm run lint:layers` (part of `npm test`).
 *
 * The pipeline runs content → model → render, and the build orchestrator (core) drives it and writes the
 * output; the commands and the library API sit at the edges. A folder may import itself, util/ and
 * errors.ts, and the folders listed for it here, and nothing else of src/.
 */
const layers = {
  // The library API: the orchestrator and the types it hands back.
  index: ['core', 'model', 'content'],
  cli: ['core', 'serve', 'scaffold', 'import', 'browser', 'model', 'content'],
  serve: ['core', 'render', 'browser', 'model', 'content'],
  scaffold: ['import', 'model', 'content'],
  import: ['model', 'content'],
  core: ['render', 'output', 'browser', 'model', 'content'],
  render: ['model', 'browser', 'pdf-file'],
  model: ['content'],
  content: [],
  output: [],
  browser: [],
  // Reading, merging and drawing into PDF files: neither the model nor the theme.
  'pdf-file': [],
  util: []
}

const base = ['util', 'errors']

/** The modules of a layer: a folder of src/, or a file at its top (index.ts, errors.ts). */
const modulesOf = (layer) => `src/${layer}(/|\\.ts$)`

const layerRules = Object.entries(layers).map(([layer, allowed]) => {
  const may = [layer, ...allowed, ...(layer === 'util' ? [] : base)]
  return {
    name: `layer-${layer}`,
    comment: `${layer} may import only ${may.join(', ')}: the layers run one way (see .dependency-cruiser.cjs).`,
    severity: 'error',
    from: {path: `^${modulesOf(layer)}`},
    to: {path: '^src/', pathNot: `^(${may.map(modulesOf).join('|')})`}
  }
})

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'layer-unknown',
      comment: 'Every module of src/ belongs to a layer listed in .dependency-cruiser.cjs.',
      severity: 'error',
      from: {path: '^src/', pathNot: `^(${Object.keys(layers).concat(base).map(modulesOf).join('|')})`},
      to: {}
    },
    {
      name: 'render-formats-not-pdf',
      comment:
        'The theme, the site and the manifest serve every format; the PDF step uses them, never the other way.',
      severity: 'error',
      from: {path: '^src/render/', pathNot: '^src/render/pdf/'},
      to: {path: '^src/render/pdf/'}
    },
    {
      name: 'commander-only-in-cli',
      comment: 'Only the CLI parses options: the core returns results and never reads argv.',
      severity: 'error',
      from: {path: '^src/', pathNot: '^src/cli/'},
      to: {path: '(^|/)node_modules/commander/'}
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: {couldNotResolve: true}
    }
  ],
  options: {
    doNotFollow: {path: 'node_modules'},
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types']
    }
  }
}
