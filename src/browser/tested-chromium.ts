/**
 * The Chromium builds the PDF step is tested with. Its PDF surgery reads the
 * files these write; another build may write them another way, which the
 * build survives by slower paths (pdf-lib rewrites the piece, or it is
 * printed again), so an untested version is warned about, not refused.
 */
export const testedChromium = ['156.0.8078.114']

/** The major version in a browser's version line (`Chromium 156.0.8078.114` gives 156). */
export function majorVersion(version: string): number | undefined {
  const found = /(\d+)\.\d+\.\d+\.\d+/.exec(version)
  return found ? Number(found[1]) : undefined
}

/** Whether a browser's major version is one tested. */
export function isTestedMajor(version: string): boolean {
  const major = majorVersion(version)
  return testedChromium.some((tested) => majorVersion(tested) === major)
}
