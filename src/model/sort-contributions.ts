import type {Contribution, Session} from './types.js'

interface Orderable {
  order: number | undefined
  date: string | undefined
  title: string
  id: string
}

/** Orders by `order`, then date, then title (in the forum's language), then id; missing values last. */
function byOrderDateTitle(language: string) {
  const collator = new Intl.Collator(language)
  return (a: Orderable, b: Orderable) =>
    compareOptional(a.order, b.order) ||
    compareOptional(a.date, b.date) ||
    collator.compare(a.title, b.title) ||
    compareText(a.id, b.id)
}

/** How contributions sort within a group. */
export const contributionComparator: (language: string) => (a: Contribution, b: Contribution) => number =
  byOrderDateTitle

/** How sessions sort in the volume. */
export const sessionComparator: (language: string) => (a: Session, b: Session) => number = byOrderDateTitle

function compareOptional<T extends number | string>(a: T | undefined, b: T | undefined): number {
  if (a === undefined) return b === undefined ? 0 : 1
  if (b === undefined) return -1
  return typeof a === 'number' ? a - (b as number) : compareText(a as string, b as string)
}

function compareText(a: string, b: string) {
  return a < b ? -1 : a > b ? 1 : 0
}
