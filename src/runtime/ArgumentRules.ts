/**
 * The rules every runtime argument check is written with (HandlerArguments.ts for a command
 * handler, ReadArguments.ts for queries and followers). The types say what each argument is,
 * but a value parsed from JSON or an environment variable is `NaN`, `'5'` or `null` at run
 * time, and the runtime would otherwise go on with it silently: a `NaN` command-id window
 * turns idempotency off, a `NaN` snapshot interval snapshots on every command, a page size of
 * 0 makes a follower wait for ever, a `NaN` reconnect delay retries in a tight loop. The store
 * port checks its own arguments the same way (store/StoreArguments.ts).
 *
 * A wrong argument is refused as the store's `InvalidArgument { operation, field, reason }`,
 * naming the field as the caller wrote it (`settings.cacheSize`, `options.commandId`,
 * `point.at`); nothing is written and the handler stays usable. Domain code that breaks its
 * contract is a bug, not an expected failure: DomainDefects.ts reports it as a defect.
 *
 * @since 0.2.0
 */
import { describeValue } from '../store/DescribeValue.js'

/**
 * Whether `value` is an object (arrays included), whose fields can be read.
 *
 * @category guards
 * @since 0.2.0
 */
export const isObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null

/**
 * Whether `value` is an object that is not an array: what an options or settings record is.
 *
 * @category guards
 * @since 0.2.0
 */
export const isPlainObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  isObject(value) && !Array.isArray(value)

/**
 * Why `value` is not an integer at least `min` (a safe integer, or `Infinity` if allowed).
 *
 * @example
 * import { countRefusal } from './src/runtime/ArgumentRules.js'
 * assert.strictEqual(countRefusal(3, 1), undefined)
 * assert.strictEqual(countRefusal(Number.NaN, 0), 'must be a non-negative safe integer, got NaN')
 *
 * @category refusals
 * @since 0.2.0
 */
export const countRefusal = (value: unknown, min: 0 | 1, infinite = false): string | undefined =>
  (Number.isSafeInteger(value) || (infinite && value === Number.POSITIVE_INFINITY)) &&
  (value as number) >= min
    ? undefined
    : `must be ${min === 0 ? 'a non-negative' : 'a positive'} safe integer${infinite ? ' or Infinity' : ''}, got ${describeValue(value)}`

/**
 * Why `value` is not a finite number of milliseconds, at least 0.
 *
 * @category refusals
 * @since 0.2.0
 */
export const delayRefusal = (value: unknown): string | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? undefined
    : `must be a finite number of milliseconds, at least 0, got ${describeValue(value)}`

/**
 * Why `value` is not an ISO-8601 instant (a `Date` is named as such: its string form drops
 * the milliseconds).
 *
 * @category refusals
 * @since 0.2.0
 */
export const instantRefusal = (value: unknown): string | undefined => {
  if (value instanceof Date)
    return 'must be an ISO-8601 string, got a Date (pass date.toISOString())'
  if (typeof value !== 'string') return `must be an ISO-8601 string, got ${describeValue(value)}`
  return Number.isNaN(Date.parse(value))
    ? `must be an ISO-8601 instant, got ${describeValue(value)}`
    : undefined
}
