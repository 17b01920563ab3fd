/**
 * Building the records a store hands out: deep copies of the caller's data, frozen once at
 * append time, so no caller can change what a store holds and reads need no defensive copy.
 *
 * @since 0.1.0
 */
import type { EventMetadata, EventToAppend, Json, RecordedEvent } from '../codec/RecordedEvent.js'
import {
  copyData,
  copyMetadata,
  hasOwn,
  holdsOnlyData,
  NotJson,
  refuse,
  setField,
} from './JsonCopy.js'
import { describeValue } from './DescribeValue.js'
import { locateNotJson } from './JsonCopy.js'
import { checkEventFields } from './StoreArguments.js'
import { idRefusal } from './StreamId.js'
import type { InvalidArgument, UnstorableEvent } from './StoreError.js'
import { invalidArgument } from './StoreError.js'

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

/**
 * Copies the own enumerable fields of `source` into `target`, deep-frozen, dropping
 * `undefined`, and tells whether every field copied was a primitive. `for...in` with an
 * own-property check visits the same keys in the same order as `Object.keys`, but walks V8's
 * enum cache instead of allocating a key array: about half the cost per small object, which
 * is most of what an in-memory append does.
 */
const copyFields = (
  target: { [key: string]: Json },
  source: { readonly [key: string]: Json | undefined },
  skip: string | undefined,
): boolean => {
  let flat = true
  for (const key in source) {
    if (!hasOwn.call(source, key) || key === skip) continue
    const field = source[key]
    if (field === undefined) continue
    let value = field
    if (typeof field === 'object' && field !== null) {
      value = freezeJson(field)
      flat = false
    }
    if (key === '__proto__') setField(target, key, value)
    else target[key] = value
  }
  return flat
}

/** The refusal of the event id of the event at `index`, or `undefined` when it is valid. */
const eventIdRefusal = (index: number, eventId: unknown): InvalidArgument | undefined => {
  const badId = idRefusal(eventId)
  return badId === undefined
    ? undefined
    : invalidArgument('append', `events[${index}].eventId`, badId)
}

/** Matches no event's type: what the last checked type is before any check. */
const noType: unique symbol = Symbol('no type checked yet')

/** The refusal of the event at `index` that is not an object. */
const notAnEvent = (index: number, event: unknown): InvalidArgument =>
  invalidArgument('append', `events[${index}]`, `must be an object, got ${describeValue(event)}`)

/**
 * The refusal of an event's metadata `given`: `InvalidArgument` when it is not of the shape
 * metadata must have (an object, with a valid `recordedAt`), else `UnstorableEvent` (a field
 * that is not JSON).
 */
const refuseMetadata = (
  streamId: string,
  eventId: string,
  index: number,
  given: unknown,
  notJson: NotJson,
): InvalidArgument | UnstorableEvent => {
  if (!notJson.shape) return refuse(streamId, eventId, 'metadata', given, notJson)
  const { field, reason } = locateNotJson(`events[${index}].metadata`, given, notJson)
  return invalidArgument('append', field, reason)
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A deep, frozen copy of a JSON value. Object keys whose value is `undefined` are dropped, as
 * `JSON.stringify` would drop them, so every adapter stores the same thing.
 *
 * @example
 * import { freezeJson } from './src/store/FrozenRecord.js'
 * const input = { tags: ['a'] }
 * const stored = freezeJson(input)
 * input.tags.push('b')
 * assert.deepStrictEqual(stored, { tags: ['a'] })
 * assert.strictEqual(Object.isFrozen(stored), true)
 *
 * @category constructors
 * @since 0.1.0
 */
export const freezeJson = (value: Json): Json => {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) {
    const items = value as ReadonlyArray<Json>
    const length = items.length
    const copy: Json[] = new Array<Json>(length)
    for (let i = 0; i < length; i++) {
      const item = items[i] as Json
      copy[i] = typeof item === 'object' && item !== null ? freezeJson(item) : item
    }
    return Object.freeze(copy)
  }
  const copy: { [key: string]: Json } = {}
  copyFields(copy, value as { readonly [key: string]: Json | undefined }, undefined)
  return Object.freeze(copy)
}

/**
 * An event to append made safe to keep: its data and metadata deep-copied and frozen, and
 * `recordedAt` filled. A store builds it once, before it knows the event's place.
 *
 * @category model
 * @since 0.1.0
 */
export interface FrozenEvent {
  readonly eventId: string
  readonly type: string
  readonly schemaVersion: number
  readonly data: Json
  readonly metadata: EventMetadata
}

/**
 * The frozen stored record of a frozen event at its place, built with explicit fields (one
 * hidden class for every record, whichever adapter made it). It shares the event's frozen data
 * and metadata: no copy.
 *
 * @example
 * import { freezeStorableEvent, recordAt } from './src/store/FrozenRecord.js'
 * const event = { eventId: 'e1', type: 'Opened', schemaVersion: 1, data: {}, metadata: {} }
 * const frozen = freezeStorableEvent('account-1', event, '2024-01-01T00:00:00.000Z')
 * assert.ok(!('_tag' in frozen))
 * const record = recordAt('account-1', 1, 7, frozen)
 * assert.strictEqual(record.globalPosition, 7)
 * assert.strictEqual(Object.isFrozen(record), true)
 *
 * @category constructors
 * @since 0.1.0
 */
export const recordAt = (
  streamId: string,
  streamVersion: number,
  globalPosition: number,
  event: FrozenEvent,
): RecordedEvent =>
  Object.freeze({
    streamId,
    streamVersion,
    globalPosition,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
  })

/**
 * Freezes an event to append (deep, frozen copies of its data and metadata, `recordedAt` the
 * caller's when present, else the adapter's: a time, or a clock read only when needed),
 * checking it in the same walk: when its data
 * or metadata holds a value that is not JSON (`undefined`, a bigint, `NaN` or an infinity, a
 * function, a symbol, a cycle, a `Date`, a `Map` or another class instance) the answer is
 * `UnstorableEvent`, whose reason names the path (`data.amount: a bigint is not JSON`). The
 * check is the copy itself: the value is walked once. A `recordedAt` set to `undefined` counts
 * as absent; it must otherwise be an ISO-8601 time (`timeRefusal`). The event's own fields are
 * checked too (`checkEventFields`), each read once: a wrong one, metadata that is not an
 * object, or a bad `recordedAt` is `InvalidArgument` naming the field as `events[index].…`.
 *
 * @example
 * import { freezeStorableEvent } from './src/store/FrozenRecord.js'
 * const event = { eventId: 'e1', type: 'Paid', schemaVersion: 1, data: { amount: 5n }, metadata: {} }
 * const refused = freezeStorableEvent('account-1', event as never, '2024-01-01T00:00:00.000Z')
 * assert.deepStrictEqual(refused, {
 *   _tag: 'UnstorableEvent',
 *   streamId: 'account-1',
 *   eventId: 'e1',
 *   reason: 'data.amount: a bigint is not JSON',
 * })
 *
 * @category constructors
 * @since 0.1.0
 */
export const freezeStorableEvent = (
  streamId: string,
  event: EventToAppend,
  recordedAt: string | (() => string),
  index = 0,
): FrozenEvent | UnstorableEvent | InvalidArgument => {
  if (typeof event !== 'object' || event === null) return notAnEvent(index, event)
  // Each field is read once: what is checked is what is kept, whatever getters do.
  const { eventId, type, schemaVersion, data: givenData, metadata: given } = event
  const invalid = checkEventFields(index, eventId, type, schemaVersion)
  if (invalid !== undefined) return invalid
  const data = copyData(givenData)
  if (data instanceof NotJson) return refuse(streamId, eventId, 'data', givenData, data)
  const metadata = copyMetadata(
    given,
    typeof recordedAt === 'string' ? () => recordedAt : recordedAt,
  )
  if (metadata instanceof NotJson) return refuseMetadata(streamId, eventId, index, given, metadata)
  return { eventId, type, schemaVersion, data, metadata: metadata.metadata }
}

/**
 * Builds the frozen records of batches appended to one store, with `now` as the clock for
 * events that bring no `recordedAt` (read at most once per batch, and only then). A batch
 * holding a value that is not JSON gives `UnstorableEvent`, and one whose fields are wrong
 * `InvalidArgument` (see `freezeStorableEvent`), and no records.
 *
 * Metadata is copied once per batch when its events share one metadata object, as a command's
 * events do. The copy is kept for the next batch too, when the same metadata object comes back
 * and provably unchanged: frozen, with a `recordedAt` of its own, nothing but primitive fields,
 * and no getters (every own property a data property). The runtime hands every command of one
 * millisecond such an object, so a busy store copies metadata about once per millisecond
 * rather than once per event. Sharing a frozen copy is invisible to readers.
 *
 * @example
 * import { recordBuilder } from './src/store/FrozenRecord.js'
 * const build = recordBuilder(() => '2024-01-01T00:00:00.000Z')
 * const metadata = { correlationId: 'c1' }
 * const built = build('account-1', 0, 10, [
 *   { eventId: 'e1', type: 'Opened', schemaVersion: 1, data: {}, metadata },
 *   { eventId: 'e2', type: 'Deposited', schemaVersion: 1, data: { amount: 5 }, metadata },
 * ])
 * assert.ok(Array.isArray(built))
 * const [a, b] = built
 * assert.strictEqual(b?.streamVersion, 2)
 * assert.strictEqual(b?.globalPosition, 12)
 * assert.strictEqual(a?.metadata, b?.metadata)
 * assert.notStrictEqual(a?.metadata, metadata)
 * assert.strictEqual(b?.metadata.recordedAt, '2024-01-01T00:00:00.000Z')
 *
 * @category constructors
 * @since 0.1.0
 */
export const recordBuilder = (
  now: () => string,
): ((
  streamId: string,
  afterVersion: number,
  afterPosition: number,
  events: ReadonlyArray<EventToAppend>,
) => Array<RecordedEvent> | UnstorableEvent | InvalidArgument) => {
  // The last frozen, flat, data-only metadata object copied, and its copy.
  let keptGiven: EventToAppend['metadata'] | undefined
  let keptFrozen: EventMetadata | undefined
  // The last type and schema version that passed the check: a store's events repeat a few
  // types, so usually only the event id is checked again (the same checks, in the same order).
  let checkedType: unknown = noType
  let checkedVersion: unknown
  // The clock's reading for the current batch, taken when first needed.
  let clockTime: string | undefined
  const clock = (): string => (clockTime ??= now())
  return (streamId, afterVersion, afterPosition, events) => {
    const records = new Array<RecordedEvent>(events.length)
    clockTime = undefined
    let lastGiven: EventToAppend['metadata'] | undefined
    let lastFrozen: EventMetadata | undefined
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as EventToAppend
      if (typeof event !== 'object' || event === null) return notAnEvent(i, event)
      // Each field is read once: what is checked is what is kept, whatever getters do.
      const { eventId, type, schemaVersion, data: givenData, metadata: given } = event
      const invalid =
        type === checkedType && schemaVersion === checkedVersion
          ? eventIdRefusal(i, eventId)
          : checkEventFields(i, eventId, type, schemaVersion)
      if (invalid !== undefined) return invalid
      checkedType = type
      checkedVersion = schemaVersion
      if (given !== lastGiven || lastFrozen === undefined) {
        if (given === keptGiven && keptFrozen !== undefined) lastFrozen = keptFrozen
        else {
          const copied = copyMetadata(given, clock)
          if (copied instanceof NotJson) return refuseMetadata(streamId, eventId, i, given, copied)
          lastFrozen = copied.metadata
          // Checked after the copy: a frozen object of data properties cannot change between
          // check and copy, nor afterwards. `holdsOnlyData` comes before reading `recordedAt`
          // again, so a getter is never read twice.
          const keep =
            copied.flat &&
            Object.isFrozen(given) &&
            holdsOnlyData(given) &&
            typeof given.recordedAt === 'string'
          keptGiven = keep ? given : undefined
          keptFrozen = keep ? lastFrozen : undefined
        }
        lastGiven = given
      }
      const data = copyData(givenData)
      if (data instanceof NotJson) return refuse(streamId, eventId, 'data', givenData, data)
      records[i] = Object.freeze({
        streamId,
        streamVersion: afterVersion + i + 1,
        globalPosition: afterPosition + i + 1,
        eventId,
        type,
        schemaVersion,
        data,
        metadata: lastFrozen,
      })
    }
    return records
  }
}
