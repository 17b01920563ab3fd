/**
 * Recorded times: what an event's `recordedAt` must look like to be stored.
 *
 * @since 0.1.0
 */
import { describeValue } from './DescribeValue.js'

/** An ISO-8601 date and time with seconds and an offset, as `Date#toISOString` writes it. */
const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/

/** The days of each month of a leap year; February 29 of other years is checked apart. */
const daysInMonth: ReadonlyArray<number> = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** Whether the calendar date at the start of an ISO time exists (`Date.parse` rolls 02-30 over). */
const isRealDate = (time: string): boolean => {
  const year = Number(time.slice(0, 4))
  const month = Number(time.slice(5, 7))
  const day = Number(time.slice(8, 10))
  if (month < 1 || month > 12 || day < 1 || day > (daysInMonth[month - 1] as number)) return false
  return month !== 2 || day !== 29 || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))
}

/** The last time found valid: the runtime stamps every command of one millisecond alike. */
let lastValidTime = '1970-01-01T00:00:00.000Z'

/**
 * Why `value` is not a valid recorded time, or `undefined` when it is: an ISO-8601 date and
 * time with seconds and an offset (`2024-01-01T00:00:00.000Z`) that names a real instant.
 *
 * @example
 * import { timeRefusal } from './src/store/Time.js'
 * assert.strictEqual(timeRefusal('2024-01-01T00:00:00.000Z'), undefined)
 * assert.strictEqual(timeRefusal('2024-13-01T00:00:00Z'), 'must be an ISO-8601 time, got "2024-13-01T00:00:00Z"')
 * assert.strictEqual(timeRefusal(0), 'must be an ISO-8601 time, got 0')
 *
 * @category guards
 * @since 0.1.0
 */
export const timeRefusal = (value: unknown): string | undefined => {
  if (value === lastValidTime) return undefined
  if (
    typeof value !== 'string' ||
    !isoTime.test(value) ||
    !isRealDate(value) ||
    !Number.isFinite(Date.parse(value))
  )
    return `must be an ISO-8601 time, got ${describeValue(value)}`
  lastValidTime = value
  return undefined
}
