import type {Contribution, Session} from './types.js'

/** Orders by `order`, then date, then title (in the forum's language), then id; missing values last. */
export function contributionComparator(language: string) {
  const collator = new Intl.Collator(language)
  return (a: Contribution, b: Contribution) =>
    compareOptional(a.order, b.order) ||
    compareOptional(a.date, b.date) ||
    collator.compare(a.title, b.title) ||
    compareText(a.id, b.id)
}

/** Orders sessions by `order`, then date, then title, then id. */
export function sessionComparator(language: string) {
  const collator = new Intl.Collator(language)
  return (a: Session, b: Session) =>
    compareOptional(a.order, b.order) ||
    compareOptional(a.date, b.date) ||
    collator.compare(a.title, b.title) ||
    compareText(a.id, b.id)
}

function compareOptional<T extends number | string>(a: T | undefined, b: T | undefined): number {
  if (a === undefined) return b === undefined ? 0 : 1
  if (b === undefined) return -1
  return typeof a === 'number' ? a - (b as number) : compareText(a as string, b as string)
}

function compareText(a: string, b: string) {
  return a < b ? -1 : a > b ? 1 : 0
}
