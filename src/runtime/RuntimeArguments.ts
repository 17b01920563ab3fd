/**
 * The runtime checks of what JavaScript callers hand the runtime, written once: a handler's
 * settings, the options of one command, a point in time, a history range, a follower's options,
 * and what a decider or a saga returns. The types say what each is, but a value parsed from
 * JSON or an environment variable is `NaN`, `'5'` or `null` at run time, and the runtime would
 * otherwise go on with it silently: a `NaN` command-id window turns idempotency off, a `NaN`
 * snapshot interval snapshots on every command, a page size of 0 makes a follower wait for
 * ever, a `NaN` reconnect delay retries in a tight loop. The store port checks its own
 * arguments the same way (store/StoreArguments.ts).
 *
 * A wrong argument is refused as the store's `InvalidArgument { operation, field, reason }`,
 * naming the field as the caller wrote it (`settings.cacheSize`, `options.commandId`,
 * `point.at`); nothing is written and the handler stays usable. Domain code that breaks its
 * contract is a bug, not an expected failure: DomainDefects.ts reports it as a defect.
 *
 * @since 0.2.0
 */
import { Schedule } from 'effect'
import { describeValue } from '../store/DescribeValue.js'
import { maxSchemaVersion } from '../store/StoreArguments.js'
import type { InvalidArgument } from '../store/StoreError.js'
import { invalidArgument } from '../store/StoreError.js'
import { idRefusal } from '../store/StreamId.js'

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

const isObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null

const isPlainObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  isObject(value) && !Array.isArray(value)

const objectRefusal = (value: unknown): string => `must be an object, got ${describeValue(value)}`

/** Why `value` is not an integer at least `min` (a safe integer, or `Infinity` if allowed). */
const countRefusal = (value: unknown, min: 0 | 1, infinite = false): string | undefined =>
  (Number.isSafeInteger(value) || (infinite && value === Number.POSITIVE_INFINITY)) &&
  (value as number) >= min
    ? undefined
    : `must be ${min === 0 ? 'a non-negative' : 'a positive'} safe integer${infinite ? ' or Infinity' : ''}, got ${describeValue(value)}`

/** Why `value` is not a finite number of milliseconds, at least 0. */
const delayRefusal = (value: unknown): string | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? undefined
    : `must be a finite number of milliseconds, at least 0, got ${describeValue(value)}`

/** Why `value` is not an ISO-8601 instant. */
const instantRefusal = (value: unknown): string | undefined => {
  if (value instanceof Date)
    return 'must be an ISO-8601 string, got a Date (pass date.toISOString())'
  if (typeof value !== 'string') return `must be an ISO-8601 string, got ${describeValue(value)}`
  return Number.isNaN(Date.parse(value))
    ? `must be an ISO-8601 instant, got ${describeValue(value)}`
    : undefined
}

/** Metadata keys the runtime writes itself: a user value would be overwritten or misread. */
const reservedMetadata: ReadonlyArray<string> = [
  'recordedAt',
  'commandId',
  'correlationId',
  'causationId',
]

const snapshotPolicyRefusal = (
  policy: unknown,
): { readonly field: string; readonly reason: string } | undefined => {
  const field = 'settings.snapshots'
  if (!isObject(policy)) return { field, reason: objectRefusal(policy) }
  if (policy['_tag'] === 'Never') return undefined
  if (policy['_tag'] !== 'Every')
    return { field, reason: 'must be built by snapshotEvery (or be { _tag: "Never" })' }
  const events = countRefusal(policy['events'], 1)
  if (events !== undefined) return { field: `${field}.events`, reason: events }
  const codec = policy['codec']
  if (!isObject(codec)) return { field: `${field}.codec`, reason: objectRefusal(codec) }
  const version = countRefusal(codec['version'], 0)
  if (version !== undefined || (codec['version'] as number) > maxSchemaVersion)
    return {
      field: `${field}.codec.version`,
      reason: `must be an integer from 0 to ${maxSchemaVersion}, got ${describeValue(codec['version'])}`,
    }
  for (const method of ['encode', 'decode'])
    if (typeof codec[method] !== 'function')
      return {
        field: `${field}.codec.${method}`,
        reason: `must be a function, got ${describeValue(codec[method])}`,
      }
  return undefined
}

// -------------------------------------------------------------------------------------
// guards
// -------------------------------------------------------------------------------------

/**
 * Why a command handler's settings are refused, or `undefined`: the snapshot policy must be
 * one `snapshotEvery` builds (a positive integer interval, a codec with an integer version and
 * `encode`/`decode`), the retries Effect `Schedule`s, `commandIdWindow` a non-negative integer
 * or `Infinity`, `cacheSize` a non-negative integer. `undefined` fields take their defaults.
 *
 * @example
 * import { checkSettings } from './src/runtime/RuntimeArguments.js'
 * assert.strictEqual(checkSettings({ commandIdWindow: Infinity }), undefined)
 * assert.deepStrictEqual(checkSettings({ commandIdWindow: Number.NaN }), {
 *   _tag: 'InvalidArgument',
 *   operation: 'commandHandler',
 *   field: 'settings.commandIdWindow',
 *   reason: 'must be a non-negative safe integer or Infinity, got NaN',
 * })
 *
 * @category guards
 * @since 0.2.0
 */
export const checkSettings = (settings: unknown): InvalidArgument | undefined => {
  const operation = 'commandHandler'
  if (settings === undefined) return undefined
  if (!isPlainObject(settings))
    return invalidArgument(operation, 'settings', objectRefusal(settings))
  const { snapshots, conflictRetry, unavailableRetry, commandIdWindow, cacheSize } = settings
  if (snapshots !== undefined) {
    const refused = snapshotPolicyRefusal(snapshots)
    if (refused !== undefined) return invalidArgument(operation, refused.field, refused.reason)
  }
  for (const [field, schedule] of [
    ['settings.conflictRetry', conflictRetry],
    ['settings.unavailableRetry', unavailableRetry],
  ] as const)
    if (schedule !== undefined && !Schedule.isSchedule(schedule))
      return invalidArgument(
        operation,
        field,
        `must be an Effect Schedule (retryBudget, Schedule.recurs, ...), got ${describeValue(schedule)}`,
      )
  const window = commandIdWindow === undefined ? undefined : countRefusal(commandIdWindow, 0, true)
  if (window !== undefined) return invalidArgument(operation, 'settings.commandIdWindow', window)
  const cache = cacheSize === undefined ? undefined : countRefusal(cacheSize, 0)
  if (cache !== undefined)
    return invalidArgument(operation, 'settings.cacheSize', `${cache} (0 turns the cache off)`)
  return undefined
}

/**
 * Why what a command handler finds in its context is refused, or `undefined`: the store's
 * runtime option `cacheSize` (given to `EventStoreService.layer`, `toPromiseHandler` or
 * `toPromiseFollowers`) must be a non-negative integer, and the id generator an object with a
 * `next` function.
 *
 * @example
 * import { checkRuntimeContext } from './src/runtime/RuntimeArguments.js'
 * assert.strictEqual(checkRuntimeContext(10, { next: () => 'e-1' }), undefined)
 * assert.strictEqual(checkRuntimeContext(Number.NaN, { next: () => 'e-1' })?.field, 'options.cacheSize')
 *
 * @category guards
 * @since 0.2.0
 */
export const checkRuntimeContext = (
  cacheSize: unknown,
  ids: unknown,
): InvalidArgument | undefined => {
  const operation = 'EventStoreService'
  const cache = countRefusal(cacheSize, 0)
  if (cache !== undefined)
    return invalidArgument(operation, 'options.cacheSize', `${cache} (0 turns the cache off)`)
  if (!isObject(ids) || typeof ids['next'] !== 'function')
    return invalidArgument(
      'IdGenerator',
      'options.idGenerator',
      `must be an object with a next() function that returns ids, got ${describeValue(ids)}`,
    )
  return undefined
}

/**
 * Why the options of one command are refused, or `undefined`: an object whose `commandId`,
 * `correlationId` and `causationId` are ids (see the store's `idRefusal`) and whose `metadata`
 * is an object without the keys the runtime writes itself (`recordedAt`, `commandId`,
 * `correlationId`, `causationId`). Whether the metadata's values are JSON the store checks,
 * naming the field (`metadata.at`).
 *
 * @example
 * import { checkCommandOptions } from './src/runtime/RuntimeArguments.js'
 * assert.strictEqual(checkCommandOptions({ commandId: 'c-1', metadata: { user: 'ada' } }), undefined)
 * assert.strictEqual(checkCommandOptions({ commandId: 42 })?.field, 'options.commandId')
 * assert.strictEqual(checkCommandOptions({ metadata: { commandId: 'c-1' } })?.field, 'options.metadata.commandId')
 *
 * @category guards
 * @since 0.2.0
 */
export const checkCommandOptions = (options: unknown): InvalidArgument | undefined => {
  const operation = 'handle'
  if (!isPlainObject(options)) return invalidArgument(operation, 'options', objectRefusal(options))
  // Unrolled: this runs on every command that has options.
  const { commandId, correlationId, causationId, metadata } = options
  const badCommandId = commandId === undefined ? undefined : idRefusal(commandId)
  if (badCommandId !== undefined)
    return invalidArgument(operation, 'options.commandId', badCommandId)
  const badCorrelation = correlationId === undefined ? undefined : idRefusal(correlationId)
  if (badCorrelation !== undefined)
    return invalidArgument(operation, 'options.correlationId', badCorrelation)
  const badCausation = causationId === undefined ? undefined : idRefusal(causationId)
  if (badCausation !== undefined)
    return invalidArgument(operation, 'options.causationId', badCausation)
  if (metadata === undefined) return undefined
  if (!isPlainObject(metadata))
    return invalidArgument(operation, 'options.metadata', objectRefusal(metadata))
  for (const key of reservedMetadata)
    if (Object.prototype.hasOwnProperty.call(metadata, key))
      return invalidArgument(
        operation,
        `options.metadata.${key}`,
        key === 'recordedAt'
          ? 'is written by the runtime (from its clock)'
          : `is written by the runtime: pass it as options.${key}`,
      )
  return undefined
}

/**
 * Why a point in time (`stateAt`) is refused, or `undefined`: exactly one of `version` (a
 * non-negative integer) and `at` (an ISO-8601 instant).
 *
 * @example
 * import { checkPointInTime } from './src/runtime/RuntimeArguments.js'
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
 * import { checkHistoryRange } from './src/runtime/RuntimeArguments.js'
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
 * import { checkFollowOptions } from './src/runtime/RuntimeArguments.js'
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
