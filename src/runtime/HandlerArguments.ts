/**
 * The runtime checks of what a command handler is given: its decider and codec and settings
 * (checked once, when it is built), what it finds in its context (the store's runtime options,
 * the id generator: checked when the context changes) and the options of one command (checked
 * on each command that has options). See ArgumentRules.ts for why and how.
 *
 * @since 0.2.0
 */
import { Schedule } from 'effect'
import { describeValue } from '../store/DescribeValue.js'
import { maxSchemaVersion } from '../store/StoreArguments.js'
import type { InvalidArgument } from '../store/StoreError.js'
import { invalidArgument } from '../store/StoreError.js'
import { idRefusal } from '../store/StreamId.js'
import { objectRefusal } from '../store/StoreArguments.js'
import { countRefusal, isObject, isPlainObject } from './ArgumentRules.js'

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

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
 * import { checkSettings } from './src/runtime/HandlerArguments.js'
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

/** The refusal of the first of `methods` that `owner` (named `name`) lacks as a function. */
const missingMethod = (
  operation: string,
  name: string,
  owner: Readonly<Record<string, unknown>>,
  methods: ReadonlyArray<string>,
): InvalidArgument | undefined => {
  for (const method of methods)
    if (typeof owner[method] !== 'function')
      return invalidArgument(
        operation,
        `${name}.${method}`,
        `must be a function, got ${describeValue(owner[method])}`,
      )
  return undefined
}

/**
 * Why the decider and codec a command handler is built with are refused, or `undefined`: the
 * decider an object with `initialState` (any value) and the functions `decide` and `evolve`,
 * the codec an object with the functions `encode` and `decode`.
 *
 * @example
 * import { checkHandlerBinding } from './src/runtime/HandlerArguments.js'
 * const codec = { encode: () => ({}), decode: () => ({}) }
 * assert.strictEqual(checkHandlerBinding({ initialState: 0, decide: () => 0, evolve: () => 0 }, codec), undefined)
 * assert.strictEqual(checkHandlerBinding({ initialState: 0, decide: () => 0 }, codec)?.field, 'decider.evolve')
 *
 * @category guards
 * @since 0.2.0
 */
export const checkHandlerBinding = (
  decider: unknown,
  codec: unknown,
): InvalidArgument | undefined => {
  const operation = 'commandHandler'
  if (!isObject(decider)) return invalidArgument(operation, 'decider', objectRefusal(decider))
  if (!('initialState' in decider))
    return invalidArgument(operation, 'decider.initialState', 'must be present (any value)')
  const badDecider = missingMethod(operation, 'decider', decider, ['decide', 'evolve'])
  if (badDecider !== undefined) return badDecider
  if (!isObject(codec)) return invalidArgument(operation, 'codec', objectRefusal(codec))
  return missingMethod(operation, 'codec', codec, ['encode', 'decode'])
}

/**
 * Why what a command handler finds in its context is refused, or `undefined`: the store's
 * runtime option `cacheSize` (given to `EventStoreService.layer`, `toPromiseHandler` or
 * `toPromiseFollowers`) must be a non-negative integer, and the id generator an object with a
 * `next` function.
 *
 * @example
 * import { checkRuntimeContext } from './src/runtime/HandlerArguments.js'
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
 * import { checkCommandOptions } from './src/runtime/HandlerArguments.js'
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
