/** `1 file`, `2 files`: a number with its noun, in the plural where it takes one. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
