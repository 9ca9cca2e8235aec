import {isCalendarDate} from './schema.js'

/** Month names editors write, in the languages with built-in labels, lower-cased and without accents. */
const monthNames = new Map<string, number>()
for (const locale of ['en', 'es', 'fr']) {
  for (const width of ['long', 'short'] as const) {
    const format = new Intl.DateTimeFormat(locale, {month: width, timeZone: 'UTC'})
    for (let month = 1; month <= 12; month++) {
      const name = fold(format.format(Date.UTC(2021, month - 1, 15)))
      monthNames.set(name, month)
      // `Sept`, `sept.`: any prefix of three letters or more that names one month alone.
      for (let length = 3; length < name.length; length++) {
        const prefix = name.slice(0, length)
        if (!monthNames.has(prefix)) monthNames.set(prefix, month)
      }
    }
  }
}

/**
 * The dates YYYY-MM-DD a value may have meant: one when what was written can
 * be read one way only (`2021-10-5`, `5 October 2021`, `31/12/2021`), two
 * when day and month could be either (`05/10/2021`), none when it is no date.
 */
export function isoDatesFor(value: unknown): string[] {
  const text = fold(String(value ?? ''))
    .replace(/(\d)(?:st|nd|rd|th|er)\b/g, '$1')
    .trim()
  const parts = text.split(/[\s,./-]+/).filter(Boolean)
  if (parts.length !== 3) return []
  const numbers = parts.map((part) => (/^\d+$/.test(part) ? Number(part) : undefined))
  const named = parts.map((part) => monthNames.get(part.replace(/\.$/, '')))
  const candidates: [number, number, number][] = []
  const yearAt = numbers.findIndex((number, index) => number !== undefined && parts[index]!.length === 4)
  if (yearAt === -1) return []
  const year = numbers[yearAt]!
  const others = [0, 1, 2].filter((index) => index !== yearAt)
  const monthAt = others.find((index) => named[index] !== undefined)
  if (monthAt !== undefined) {
    const day = numbers[others.find((index) => index !== monthAt)!]
    if (day !== undefined) candidates.push([year, named[monthAt]!, day])
  } else {
    const [first, second] = others.map((index) => numbers[index])
    if (first === undefined || second === undefined) return []
    // Year first is always year-month-day; year last is day-month or month-day.
    if (yearAt === 0) candidates.push([year, first, second])
    else candidates.push([year, second, first], [year, first, second])
  }
  const dates = candidates
    .map(
      ([y, m, d]) =>
        `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
    )
    .filter((date, index, all) => isCalendarDate(date) && all.indexOf(date) === index)
  return dates
}

/** The hint for a date that is not YYYY-MM-DD: the form to write, converted from what was written when it can be. */
export function dateHint(key: string, value: unknown): string {
  const missing = missingDateHint(key, value)
  if (missing) return missing
  const dates = isoDatesFor(value)
  if (dates.length === 1) return `Write \`${key}: ${dates[0]}\` (year-month-day).`
  if (dates.length === 2) {
    return `Write the date as year-month-day: \`${key}: ${dates[0]}\` for ${spelled(dates[0]!)}, or \`${key}: ${dates[1]}\` for ${spelled(dates[1]!)}.`
  }
  return `Write the date as year-month-day, such as \`${key}: 2021-10-05\` for October 5, 2021.`
}

/**
 * The hint for a date written YYYY-MM-DD that is on no calendar (`2021-02-30`,
 * `2021-13-05`): which part does not exist, and the date meant when the day and
 * month were swapped.
 */
function missingDateHint(key: string, value: unknown): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value ?? ''))
  if (!match || isCalendarDate(match[0])) return undefined
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const example = `write it year-month-day, such as \`${key}: 2021-10-05\` for October 5, 2021`
  if (month < 1 || month > 12) {
    const swapped = `${match[1]}-${match[3]}-${match[2]}`
    return isCalendarDate(swapped)
      ? `There is no month ${month}: for ${spelled(swapped)}, write \`${key}: ${swapped}\` (year-month-day, the month before the day).`
      : `There is no month ${month}: check the date and ${example}.`
  }
  const days = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeapYear(year) ? 1 : 0)
  const monthName = new Intl.DateTimeFormat('en', {month: 'long', timeZone: 'UTC'}).format(
    Date.UTC(2000, month - 1, 1)
  )
  const leap = month === 2 && days === 28 && day === 29 ? ` (${match[1]} is not a leap year)` : ''
  return `That day does not exist in that month: ${monthName} ${match[1]} has ${days} days${leap}, so there is no day ${day}. Check the date and ${example}.`
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function spelled(date: string): string {
  return new Intl.DateTimeFormat('en', {dateStyle: 'long', timeZone: 'UTC'}).format(
    new Date(date + 'T00:00:00Z')
  )
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}
