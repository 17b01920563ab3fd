/**
 * The runtime checks of what queries and followers are given: `stateAt`'s point in time,
 * `history`'s range, and a subscription's, projection's or saga's options. See
 * ArgumentRules.ts for why and how.
 *
 * @since 0.2.0
 */
import type { InvalidArgument } from '../store/StoreError.js'
import { invalidArgument } from '../store/StoreError.js'
import { objectRefusal } from '../store/StoreArguments.js'
import {
  countRefusal,
  delayRefusal,
  instantRefusal,
  isObject,
  isPlainObject,
} from './ArgumentRules.js'

// -------------------------------------------------------------------------------------
// guards
// -------------------------------------------------------------------------------------

/**
 * Why a point in time (`stateAt`) is refused, or `undefined`: exactly one of `version` (a
 * non-negative integer) and `at` (an ISO-8601 instant).
 *
 * @example
 * import { checkPointInTime } from './src/runtime/ReadArguments.js'
 * assert.strictEqual(checkPointInTime({ version: 3 }), undefined)
 * assert.strictEqual(checkPointInTime({ at: 'yesterday' })?.field, 'point.at')
 *
 * @category guards
 * @since 0.2.0
 */
export const checkPointInTime = (point: unknown): InvalidArgument | undefined => {
  const operation = 'stateAt'
  if (!isPlainObject(point)) return invalidArgument(operation, 'point', objectRefusal(point))
  const hasVersion = point['version'] !== undefined
  const hasAt = point['at'] !== undefined
  if (hasVersion === hasAt)
    return invalidArgument(operation, 'point', 'must hold exactly one of version and at')
  const refused = hasVersion ? countRefusal(point['version'], 0) : instantRefusal(point['at'])
  return refused === undefined
    ? undefined
    : invalidArgument(operation, hasVersion ? 'point.version' : 'point.at', refused)
}

/**
 * Why a history range is refused, or `undefined`: `from` and `to` non-negative integers with
 * `from <= to`, and `at` an ISO-8601 instant.
 *
 * @example
 * import { checkHistoryRange } from './src/runtime/ReadArguments.js'
 * assert.strictEqual(checkHistoryRange({ from: 2, to: 5 }), undefined)
 * assert.strictEqual(checkHistoryRange({ from: 5, to: 2 })?.field, 'range.to')
 *
 * @category guards
 * @since 0.2.0
 */
export const checkHistoryRange = (range: unknown): InvalidArgument | undefined => {
  const operation = 'history'
  if (!isPlainObject(range)) return invalidArgument(operation, 'range', objectRefusal(range))
  const { from, to, at } = range
  for (const [field, value] of [
    ['range.from', from],
    ['range.to', to],
  ] as const) {
    const refused = value === undefined ? undefined : countRefusal(value, 0)
    if (refused !== undefined) return invalidArgument(operation, field, refused)
  }
  if (to !== undefined && from !== undefined && (to as number) < (from as number))
    return invalidArgument(
      operation,
      'range.to',
      `must be at least range.from (${String(from)}), got ${String(to)}`,
    )
  const instant = at === undefined ? undefined : instantRefusal(at)
  return instant === undefined ? undefined : invalidArgument(operation, 'range.at', instant)
}

/**
 * Why a follower's options are refused, or `undefined`: `pageSize` a positive integer (a page
 * of 0 would never advance), `fromPosition` a non-negative integer, and the reconnect delays
 * finite milliseconds (a `NaN` delay would retry in a tight loop), `maxRetries` a non-negative
 * integer or `Infinity`. `prefix` names where the page size came from (`options`, `projection`).
 *
 * @example
 * import { checkFollowOptions } from './src/runtime/ReadArguments.js'
 * assert.strictEqual(checkFollowOptions('subscribeAll', { pageSize: 100 }), undefined)
 * assert.strictEqual(checkFollowOptions('subscribeAll', { pageSize: 0 })?.field, 'options.pageSize')
 *
 * @category guards
 * @since 0.2.0
 */
export const checkFollowOptions = (
  operation: string,
  options: unknown,
  pageSize: { readonly field: string; readonly value: unknown } = {
    field: 'options.pageSize',
    value: isObject(options) ? options['pageSize'] : undefined,
  },
): InvalidArgument | undefined => {
  if (options === undefined) options = {}
  if (!isPlainObject(options)) return invalidArgument(operation, 'options', objectRefusal(options))
  const page = pageSize.value === undefined ? undefined : countRefusal(pageSize.value, 1)
  if (page !== undefined) return invalidArgument(operation, pageSize.field, page)
  const from = options['fromPosition']
  const position = from === undefined ? undefined : countRefusal(from, 0)
  if (position !== undefined) return invalidArgument(operation, 'options.fromPosition', position)
  const reconnect = options['reconnect']
  if (reconnect === undefined) return undefined
  if (!isPlainObject(reconnect))
    return invalidArgument(operation, 'options.reconnect', objectRefusal(reconnect))
  for (const field of ['initialDelayMs', 'maxDelayMs']) {
    const refused = reconnect[field] === undefined ? undefined : delayRefusal(reconnect[field])
    if (refused !== undefined)
      return invalidArgument(operation, `options.reconnect.${field}`, refused)
  }
  const retries = reconnect['maxRetries']
  const refused = retries === undefined ? undefined : countRefusal(retries, 0, true)
  return refused === undefined
    ? undefined
    : invalidArgument(operation, 'options.reconnect.maxRetries', refused)
}
