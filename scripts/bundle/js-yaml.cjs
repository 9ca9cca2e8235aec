// Stands in for js-yaml in the bundled CLI. gray-matter loads js-yaml (and js-yaml loads esprima)
// for its default YAML engine, but the tool always gives gray-matter its own engine, built on the
// `yaml` package: in the bundle, these two would only add to the time the CLI takes to start.
const notBundled = () => {
  throw new Error('js-yaml is not part of the bundled CLI: front matter is parsed with the yaml package')
}
module.exports = {safeLoad: notBundled, safeDump: notBundled}
