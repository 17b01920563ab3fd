/**
 * The runtime checks of every argument a store takes, written once for every adapter: the
 * types say what an argument is, but JavaScript callers and TypeScript code forwarding parsed
 * JSON pass anything. A store that acknowledged such a value could not read it back (a numeric
 * event id, a `NaN` schema version); these checks refuse it first, as `InvalidArgument` naming
 * the field, so nothing unreadable is ever acknowledged and a refusal never damages the store.
 *
 * Event fields (`eventId`, `type`, `schemaVersion`, `metadata`, `recordedAt`) are checked by the
 * checking copy that builds every record (`freezeStorableEvent`, `recordBuilder`), which reads
 * each field once; the rest is here.
 *
 * @since 0.1.0
 */
import { describeValue } from './DescribeValue.js'
import type {
  AppendOptions,
  ProjectionCheckpoint,
  ReadAllOptions,
  ReadStreamOptions,
  StoredSnapshot,
} from './EventStore.js'
import type { ExpectedVersion } from './ExpectedVersion.js'
import { copyState, locateNotJson, NotJson } from './JsonCopy.js'
import type { InvalidArgument, InvalidStreamId } from './StoreError.js'
import { invalidArgument } from './StoreError.js'
import { checkStreamId, idRefusal } from './StreamId.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The largest schema or state version: PostgreSQL keeps them in an `integer` column, and every
 * adapter accepts the same values.
 *
 * @category model
 * @since 0.1.0
 */
export const maxSchemaVersion = 2_147_483_647

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null

/** Why `value` is not an integer in `[min, max]` (a safe integer by default). */
const integerRefusal = (
  value: unknown,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): string | undefined =>
  Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max
    ? undefined
    : `must be ${min === 0 ? 'a non-negative' : 'a positive'} ${max === Number.MAX_SAFE_INTEGER ? 'safe integer' : `integer at most ${max}`}, got ${describeValue(value)}`

/**
 * The reason given for a record (an options object, an event, settings) that is not an object.
 *
 * @category refusals
 * @since 0.2.0
 */
export const objectRefusal = (value: unknown): string =>
  `must be an object, got ${describeValue(value)}`

// -------------------------------------------------------------------------------------
// guards
// -------------------------------------------------------------------------------------

/**
 * Why the fields of the event at `index` of an append are refused, or `undefined`: the event
 * must be an object; its id and type non-empty strings of valid Unicode without control
 * characters (see `idRefusal`); its schema version a positive integer at most
 * `maxSchemaVersion`. The caller passes the values it read, so what is checked is what it keeps.
 *
 * @example
 * import { checkEventFields } from './src/store/StoreArguments.js'
 * assert.strictEqual(checkEventFields(0, 'e1', 'Opened', 1), undefined)
 * assert.deepStrictEqual(checkEventFields(2, 42, 'Opened', 1), {
 *   _tag: 'InvalidArgument',
 *   operation: 'append',
 *   field: 'events[2].eventId',
 *   reason: 'must be a string, got 42',
 * })
 *
 * @category guards
 * @since 0.1.0
 */
export const checkEventFields = (
  index: number,
  eventId: unknown,
  type: unknown,
  schemaVersion: unknown,
): InvalidArgument | undefined => {
  const badId = idRefusal(eventId)
  if (badId !== undefined) return invalidArgument('append', `events[${index}].eventId`, badId)
  const badType = idRefusal(type)
  if (badType !== undefined) return invalidArgument('append', `events[${index}].type`, badType)
  const badVersion = integerRefusal(schemaVersion, 1, maxSchemaVersion)
  return badVersion === undefined
    ? undefined
    : invalidArgument('append', `events[${index}].schemaVersion`, badVersion)
}

/**
 * Why an expected version is refused, or `undefined`: it must be `'any'`, `'no_stream'`,
 * `'stream_exists'` or a non-negative safe integer (`"5"` is not 5).
 *
 * @example
 * import { expectedVersionRefusal } from './src/store/StoreArguments.js'
 * assert.strictEqual(expectedVersionRefusal(3), undefined)
 * assert.match(expectedVersionRefusal('5') ?? '', /got "5"/)
 *
 * @category guards
 * @since 0.1.0
 */
export const expectedVersionRefusal = (value: unknown): string | undefined =>
  value === 'any' || value === 'no_stream' || value === 'stream_exists'
    ? undefined
    : typeof value === 'number' && integerRefusal(value, 0) === undefined
      ? undefined
      : `must be 'any', 'no_stream', 'stream_exists' or a non-negative safe integer, got ${describeValue(value)}`

/**
 * Checks the arguments of an append other than the events' own fields (which the checking copy
 * checks): the stream id (skipped when `knownStreamId`, an id the store already holds), the
 * options and their expected version, and that `events` is an array. Answers the expected
 * version read, so the caller uses the value that was checked.
 *
 * @example
 * import { checkAppendArguments } from './src/store/StoreArguments.js'
 * assert.strictEqual(checkAppendArguments('s', [], { expectedVersion: 0 }), 0)
 * const refused = checkAppendArguments('s', [], { expectedVersion: NaN })
 * assert.ok(typeof refused === 'object' && refused._tag === 'InvalidArgument')
 * assert.strictEqual(refused.field, 'options.expectedVersion')
 *
 * @category guards
 * @since 0.1.0
 */
export const checkAppendArguments = (
  streamId: string,
  events: ReadonlyArray<unknown>,
  options: AppendOptions,
  knownStreamId = false,
): ExpectedVersion | InvalidStreamId | InvalidArgument => {
  if (!knownStreamId) {
    const invalid = checkStreamId(streamId)
    if (invalid !== undefined) return invalid
  }
  if (!isObject(options)) return invalidArgument('append', 'options', objectRefusal(options))
  const expected: unknown = options.expectedVersion
  const badExpected = expectedVersionRefusal(expected)
  if (badExpected !== undefined)
    return invalidArgument('append', 'options.expectedVersion', badExpected)
  if (!Array.isArray(events))
    return invalidArgument('append', 'events', `must be an array, got ${describeValue(events)}`)
  return expected as ExpectedVersion
}

/**
 * Checks the options of `readStream`: absent, or an object whose `from`, `to` and `limit` are
 * absent or non-negative safe integers and whose `direction` is absent, `'forward'` or
 * `'backward'`.
 *
 * @example
 * import { checkReadStreamOptions } from './src/store/StoreArguments.js'
 * assert.strictEqual(checkReadStreamOptions({ from: 2, direction: 'backward' }), undefined)
 * assert.strictEqual(checkReadStreamOptions({ limit: Infinity })?.field, 'options.limit')
 *
 * @category guards
 * @since 0.1.0
 */
export const checkReadStreamOptions = (
  options: ReadStreamOptions | undefined,
): InvalidArgument | undefined => {
  if (options === undefined) return undefined
  if (!isObject(options)) return invalidArgument('readStream', 'options', objectRefusal(options))
  const { from, to, limit, direction } = options
  const badFrom = from === undefined ? undefined : integerRefusal(from, 0)
  if (badFrom !== undefined) return invalidArgument('readStream', 'options.from', badFrom)
  const badTo = to === undefined ? undefined : integerRefusal(to, 0)
  if (badTo !== undefined) return invalidArgument('readStream', 'options.to', badTo)
  const badLimit = limit === undefined ? undefined : integerRefusal(limit, 0)
  if (badLimit !== undefined) return invalidArgument('readStream', 'options.limit', badLimit)
  if (direction !== undefined && direction !== 'forward' && direction !== 'backward')
    return invalidArgument(
      'readStream',
      'options.direction',
      `must be 'forward' or 'backward', got ${describeValue(direction)}`,
    )
  return undefined
}

/**
 * Checks the options of `readAll`: absent, or an object whose `fromPosition` and `limit` are
 * absent or non-negative safe integers.
 *
 * @example
 * import { checkReadAllOptions } from './src/store/StoreArguments.js'
 * assert.strictEqual(checkReadAllOptions({ fromPosition: 0, limit: 10 }), undefined)
 * assert.strictEqual(checkReadAllOptions({ fromPosition: NaN })?.field, 'options.fromPosition')
 *
 * @category guards
 * @since 0.1.0
 */
export const checkReadAllOptions = (
  options: ReadAllOptions | undefined,
): InvalidArgument | undefined => {
  if (options === undefined) return undefined
  if (!isObject(options)) return invalidArgument('readAll', 'options', objectRefusal(options))
  const { fromPosition, limit } = options
  const badFrom = fromPosition === undefined ? undefined : integerRefusal(fromPosition, 0)
  if (badFrom !== undefined) return invalidArgument('readAll', 'options.fromPosition', badFrom)
  const badLimit = limit === undefined ? undefined : integerRefusal(limit, 0)
  return badLimit === undefined ? undefined : invalidArgument('readAll', 'options.limit', badLimit)
}

/**
 * Checks the name of a projection's checkpoint (the rule of every id, see `idRefusal`).
 *
 * @category guards
 * @since 0.1.0
 */
export const checkCheckpointName = (
  operation: 'loadCheckpoint' | 'saveCheckpoint',
  name: string,
): InvalidArgument | undefined => {
  const bad = idRefusal(name)
  return bad === undefined
    ? undefined
    : invalidArgument(operation, operation === 'loadCheckpoint' ? 'name' : 'checkpoint.name', bad)
}

/** The refusal of `value`, a state or read model at `root` that is not JSON. */
const refuseState = (
  operation: string,
  root: string,
  value: unknown,
  notJson: NotJson,
): InvalidArgument => {
  const { field, reason } = locateNotJson(root, value, notJson)
  // A value nested too deep names the level where the walk stopped: keep the field short.
  return invalidArgument(operation, field.length > 200 ? `${field.slice(0, 200)}…` : field, reason)
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The snapshot to save, checked and deep-frozen (built with explicit fields): a valid stream
 * id, a non-negative safe integer stream version, a state version that is a non-negative
 * integer at most `maxSchemaVersion`, and a state of JSON nested at most 1,000 deep (no
 * `NaN`, no class instance, no cycle; an object field holding `undefined` is left out).
 *
 * @example
 * import { checkSnapshot } from './src/store/StoreArguments.js'
 * const saved = checkSnapshot({ streamId: 's', streamVersion: 3, stateVersion: 1, state: { n: 1 } })
 * assert.ok(Object.isFrozen(saved))
 * const refused = checkSnapshot({ streamId: 's', streamVersion: 3, stateVersion: 1, state: { n: NaN } })
 * assert.ok('_tag' in refused && refused._tag === 'InvalidArgument')
 * assert.strictEqual(refused.field, 'snapshot.state.n')
 *
 * @category constructors
 * @since 0.1.0
 */
export const checkSnapshot = (
  snapshot: StoredSnapshot,
): StoredSnapshot | InvalidStreamId | InvalidArgument => {
  const operation = 'saveSnapshot'
  if (!isObject(snapshot)) return invalidArgument(operation, 'snapshot', objectRefusal(snapshot))
  const { streamId, streamVersion, stateVersion } = snapshot
  const invalid = checkStreamId(streamId)
  if (invalid !== undefined) return invalid
  const badVersion = integerRefusal(streamVersion, 0)
  if (badVersion !== undefined)
    return invalidArgument(operation, 'snapshot.streamVersion', badVersion)
  const badState = integerRefusal(stateVersion, 0, maxSchemaVersion)
  if (badState !== undefined) return invalidArgument(operation, 'snapshot.stateVersion', badState)
  const state = copyState(snapshot.state)
  if (state instanceof NotJson)
    return refuseState(operation, 'snapshot.state', snapshot.state, state)
  return Object.freeze({ streamId, streamVersion, stateVersion, state })
}

/**
 * The checkpoint to save, checked and deep-frozen: a valid name (see `idRefusal`), a
 * non-negative safe integer position, and a read model checked as a snapshot's state is.
 *
 * @example
 * import { checkCheckpoint } from './src/store/StoreArguments.js'
 * const refused = checkCheckpoint({ name: 'p', position: -1, readModel: {} })
 * assert.ok('_tag' in refused && refused.field === 'checkpoint.position')
 *
 * @category constructors
 * @since 0.1.0
 */
export const checkCheckpoint = (
  checkpoint: ProjectionCheckpoint,
): ProjectionCheckpoint | InvalidArgument => {
  const operation = 'saveCheckpoint'
  if (!isObject(checkpoint))
    return invalidArgument(operation, 'checkpoint', objectRefusal(checkpoint))
  const { name, position } = checkpoint
  const badName = checkCheckpointName(operation, name)
  if (badName !== undefined) return badName
  const badPosition = integerRefusal(position, 0)
  if (badPosition !== undefined)
    return invalidArgument(operation, 'checkpoint.position', badPosition)
  const readModel = copyState(checkpoint.readModel)
  if (readModel instanceof NotJson)
    return refuseState(operation, 'checkpoint.readModel', checkpoint.readModel, readModel)
  return Object.freeze({ name, position, readModel })
}
