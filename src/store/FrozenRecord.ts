/**
 * Building the records a store hands out: deep copies of the caller's data, frozen once at
 * append time, so no caller can change what a store holds and reads need no defensive copy.
 *
 * @since 0.1.0
 */
import type { EventMetadata, EventToAppend, Json, RecordedEvent } from '../codec/RecordedEvent.js'
import type { UnstorableEvent } from './StoreError.js'
import { unstorableEvent } from './StoreError.js'

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

const hasOwn = Object.prototype.hasOwnProperty

/** Sets an own field; `__proto__` (legal JSON, from `JSON.parse`) must not set the prototype. */
const setField = (target: { [key: string]: Json }, key: string, value: Json): void => {
  if (key === '__proto__')
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  else target[key] = value
}

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

/** How deep a value may nest; deeper is refused (a cycle reaches it too). */
const maxDepth = 1000

/**
 * Why a value is not JSON, and where: the keys from the offending value up to the root,
 * innermost first (pushed only while a refusal unwinds, so the success path builds no path).
 */
class NotJson {
  readonly keys: Array<string | number> = []
  constructor(readonly reason: string) {}
}

/** Why a non-object value is not JSON, or `undefined` when it is. */
const scalarRefusal = (value: unknown): string | undefined => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined
    case 'number':
      return Number.isFinite(value) ? undefined : `${String(value)} is not JSON`
    case 'undefined':
      return 'undefined is not JSON'
    case 'bigint':
      return 'a bigint is not JSON'
    case 'function':
      return 'a function is not JSON'
    case 'symbol':
      return 'a symbol is not JSON'
    default:
      return value === null ? undefined : `a ${typeof value} is not JSON`
  }
}

/** Why an object whose prototype is `proto` (neither `Object.prototype` nor null) is not JSON. */
const instanceRefusal = (proto: object): string => {
  const constructor: unknown = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value
  const name = typeof constructor === 'function' ? constructor.name : ''
  if (name === 'Date') return 'a Date is not JSON (encode it first, e.g. as an ISO-8601 string)'
  return name === '' ? 'an object with a prototype is not JSON' : `a ${name} is not JSON`
}

/**
 * Copies the own enumerable fields of the plain object `source` into `target`, deep-frozen,
 * refusing any value that is not JSON (`undefined` too). Tells whether every field copied was
 * a primitive, or why a field is not JSON.
 */
const copyCheckedFields = (
  target: { [key: string]: Json },
  source: { readonly [key: string]: unknown },
  skip: string | undefined,
  depth: number,
): boolean | NotJson => {
  let flat = true
  for (const key in source) {
    if (!hasOwn.call(source, key) || key === skip) continue
    const field = source[key]
    let value: Json
    if (typeof field === 'object' && field !== null) {
      const copy = copyChecked(field, depth)
      if (copy instanceof NotJson) {
        copy.keys.push(key)
        return copy
      }
      value = copy
      flat = false
    } else {
      const refused = scalarRefusal(field)
      if (refused !== undefined) {
        const notJson = new NotJson(refused)
        notJson.keys.push(key)
        return notJson
      }
      value = field as Json
    }
    if (key === '__proto__') setField(target, key, value)
    else target[key] = value
  }
  return flat
}

/** A deep, frozen copy of the non-null object `value` at `depth`, or why it is not JSON. */
const copyChecked = (value: object, depth: number): Json | NotJson => {
  if (depth >= maxDepth) return new NotJson(`nested deeper than ${maxDepth} levels`)
  if (Array.isArray(value)) {
    const items = value as ReadonlyArray<unknown>
    const length = items.length
    const copy: Json[] = new Array<Json>(length)
    for (let i = 0; i < length; i++) {
      const item = items[i]
      if (typeof item === 'object' && item !== null) {
        const itemCopy = copyChecked(item, depth + 1)
        if (itemCopy instanceof NotJson) {
          itemCopy.keys.push(i)
          return itemCopy
        }
        copy[i] = itemCopy
      } else {
        const refused = scalarRefusal(item)
        if (refused !== undefined) {
          const notJson = new NotJson(refused)
          notJson.keys.push(i)
          return notJson
        }
        copy[i] = item as Json
      }
    }
    return Object.freeze(copy)
  }
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null)
    return new NotJson(instanceRefusal(proto as object))
  const copy: { [key: string]: Json } = {}
  const copied = copyCheckedFields(
    copy,
    value as { readonly [key: string]: unknown },
    undefined,
    depth + 1,
  )
  return copied instanceof NotJson ? copied : Object.freeze(copy)
}

/**
 * The keys from `value` to the first object that contains itself, looking no deeper than
 * `maxDepth` levels, or `undefined`. Runs only on the refusal path.
 */
const findCycle = (value: unknown, ancestors: Set<unknown>): Array<string | number> | undefined => {
  if (typeof value !== 'object' || value === null) return undefined
  if (ancestors.has(value)) return []
  if (ancestors.size > maxDepth) return undefined
  ancestors.add(value)
  const keys: ReadonlyArray<string | number> = Array.isArray(value)
    ? Array.from(value.keys())
    : Object.keys(value)
  for (const key of keys) {
    const path = findCycle((value as { readonly [key: string | number]: unknown })[key], ancestors)
    if (path !== undefined) {
      path.unshift(key)
      return path
    }
  }
  ancestors.delete(value)
  return undefined
}

const identifier = /^[A-Za-z_$][\w$]*$/

/** `data.items[2].price`: the path of `keys` (outermost first) under `root`. */
const formatPath = (root: string, keys: ReadonlyArray<string | number>): string => {
  let path = root
  for (const key of keys)
    path +=
      typeof key === 'number'
        ? `[${key}]`
        : identifier.test(key)
          ? `.${key}`
          : `[${JSON.stringify(key)}]`
  return path
}

/**
 * The refusal of an event whose `root` field (`data` or `metadata`), `value`, is not JSON:
 * a value nested too deep is reported as the cycle it almost always is, when it is one.
 */
const refuse = (
  streamId: string,
  eventId: string,
  root: string,
  value: unknown,
  notJson: NotJson,
): UnstorableEvent => {
  const keys = notJson.keys.reverse()
  const cycle = notJson.reason.startsWith('nested') ? findCycle(value, new Set()) : undefined
  const reason =
    cycle === undefined
      ? `${formatPath(root, keys)}: ${notJson.reason}`
      : `${formatPath(root, cycle)}: a cycle (the value contains itself) is not JSON`
  return unstorableEvent(streamId, eventId, reason)
}

/** A deep, frozen copy of an event's data, or why it is not JSON. */
const copyData = (data: unknown): Json | NotJson => {
  if (typeof data === 'object' && data !== null) return copyChecked(data, 0)
  const refused = scalarRefusal(data)
  return refused === undefined ? (data as Json) : new NotJson(refused)
}

/**
 * A frozen copy of an event's metadata with `recordedAt` set (the caller's when present, else
 * `clock()`), and whether every other field is a primitive; or why it is not JSON. `given`
 * must be a plain object; `recordedAt`, when present, a string.
 */
const copyMetadata = (
  given: unknown,
  clock: () => string,
): { readonly metadata: EventMetadata; readonly flat: boolean } | NotJson => {
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    return new NotJson('metadata must be an object')
  const proto: unknown = Object.getPrototypeOf(given)
  if (proto !== Object.prototype && proto !== null)
    return new NotJson(instanceRefusal(proto as object))
  const givenAt = (given as { readonly recordedAt?: unknown }).recordedAt
  if (givenAt !== undefined && typeof givenAt !== 'string') {
    const notJson = new NotJson('must be a string (ISO-8601)')
    notJson.keys.push('recordedAt')
    return notJson
  }
  const copy: { [key: string]: Json } = { recordedAt: givenAt ?? clock() }
  const flat = copyCheckedFields(
    copy,
    given as { readonly [key: string]: unknown },
    'recordedAt',
    1,
  )
  return flat instanceof NotJson ? flat : { metadata: Object.freeze(copy) as EventMetadata, flat }
}

/**
 * Whether a frozen metadata object provably never changes: its own `recordedAt` and every own
 * field are data properties (no getter that could answer differently next time).
 */
const holdsOnlyData = (given: object): boolean => {
  if (!hasOwn.call(given, 'recordedAt')) return false
  for (const key of Object.getOwnPropertyNames(given)) {
    const descriptor = Object.getOwnPropertyDescriptor(given, key)
    if (descriptor === undefined || !('value' in descriptor)) return false
  }
  return true
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A deep, frozen copy of a JSON value. Object keys whose value is `undefined` are dropped, as
 * `JSON.stringify` would drop them, so every adapter stores the same thing.
 *
 * @example
 * import { freezeJson } from 'foldwise/store'
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
 * A frozen copy of an event's metadata with `recordedAt` set: the caller's when present, else
 * `recordedAt` (the adapter's clock). User fields are kept.
 *
 * @category constructors
 * @since 0.1.0
 */
export const freezeMetadata = (
  metadata: EventToAppend['metadata'],
  recordedAt: string,
): EventMetadata => {
  const copy: { [key: string]: Json } = { recordedAt: metadata.recordedAt ?? recordedAt }
  copyFields(copy, metadata as { readonly [key: string]: Json | undefined }, 'recordedAt')
  return Object.freeze(copy) as EventMetadata
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
 * Freezes an event to append: deep, frozen copies of its data and metadata, `recordedAt` the
 * caller's when present, else `recordedAt` (the adapter's clock).
 *
 * @example
 * import { freezeEvent } from 'foldwise/store'
 * const input = { eventId: 'e1', type: 'Opened', schemaVersion: 1, data: { tags: ['a'] }, metadata: {} }
 * const frozen = freezeEvent(input, '2024-01-01T00:00:00.000Z')
 * input.data.tags.push('b')
 * assert.deepStrictEqual(frozen.data, { tags: ['a'] })
 * assert.strictEqual(frozen.metadata.recordedAt, '2024-01-01T00:00:00.000Z')
 *
 * @category constructors
 * @since 0.1.0
 */
export const freezeEvent = (event: EventToAppend, recordedAt: string): FrozenEvent => ({
  eventId: event.eventId,
  type: event.type,
  schemaVersion: event.schemaVersion,
  data: freezeJson(event.data),
  metadata: freezeMetadata(event.metadata, recordedAt),
})

/**
 * The frozen stored record of a frozen event at its place, built with explicit fields (one
 * hidden class for every record, whichever adapter made it). It shares the event's frozen data
 * and metadata: no copy.
 *
 * @example
 * import { freezeEvent, recordAt } from 'foldwise/store'
 * const event = { eventId: 'e1', type: 'Opened', schemaVersion: 1, data: {}, metadata: {} }
 * const record = recordAt('account-1', 1, 7, freezeEvent(event, '2024-01-01T00:00:00.000Z'))
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
 * A frozen stored record, built with explicit fields (one hidden class for every record), from
 * an event to append and the place the store gives it (what `recordAt` of `freezeEvent` gives,
 * without the intermediate event).
 *
 * @example
 * import { makeRecordedEvent } from 'foldwise/store'
 * const record = makeRecordedEvent(
 *   'account-1', 1, 1,
 *   { eventId: 'e1', type: 'Opened', schemaVersion: 1, data: { n: 1 }, metadata: {} },
 *   '2024-01-01T00:00:00.000Z',
 * )
 * assert.strictEqual(record.metadata.recordedAt, '2024-01-01T00:00:00.000Z')
 * assert.strictEqual(Object.isFrozen(record.data), true)
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeRecordedEvent = (
  streamId: string,
  streamVersion: number,
  globalPosition: number,
  event: EventToAppend,
  recordedAt: string,
): RecordedEvent =>
  Object.freeze({
    streamId,
    streamVersion,
    globalPosition,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: freezeJson(event.data),
    metadata: freezeMetadata(event.metadata, recordedAt),
  })

/**
 * Freezes an event to append, as `freezeEvent` does, but first of all checks it: when its data
 * or metadata holds a value that is not JSON (`undefined`, a bigint, `NaN` or an infinity, a
 * function, a symbol, a cycle, a `Date`, a `Map` or another class instance) the answer is
 * `UnstorableEvent`, whose reason names the path (`data.amount: a bigint is not JSON`). The
 * check is the copy itself: the value is walked once. A `recordedAt` set to `undefined` counts
 * as absent; it must otherwise be a string.
 *
 * @example
 * import { freezeStorableEvent } from 'foldwise/store'
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
  recordedAt: string,
): FrozenEvent | UnstorableEvent => {
  const data = copyData(event.data)
  if (data instanceof NotJson) return refuse(streamId, event.eventId, 'data', event.data, data)
  const metadata = copyMetadata(event.metadata, () => recordedAt)
  if (metadata instanceof NotJson)
    return refuse(streamId, event.eventId, 'metadata', event.metadata, metadata)
  return {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data,
    metadata: metadata.metadata,
  }
}

/**
 * Builds the frozen records of batches appended to one store, with `now` as the clock for
 * events that bring no `recordedAt` (read at most once per batch, and only then). A batch
 * holding a value that is not JSON gives `UnstorableEvent` (see `freezeStorableEvent`) and no
 * records.
 *
 * Metadata is copied once per batch when its events share one metadata object, as a command's
 * events do. The copy is kept for the next batch too, when the same metadata object comes back
 * and provably unchanged: frozen, with a `recordedAt` of its own, nothing but primitive fields,
 * and no getters (every own property a data property). The runtime hands every command of one
 * millisecond such an object, so a busy store copies metadata about once per millisecond
 * rather than once per event. Sharing a frozen copy is invisible to readers.
 *
 * @example
 * import { recordBuilder } from 'foldwise/store'
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
) => Array<RecordedEvent> | UnstorableEvent) => {
  // The last frozen, flat, data-only metadata object copied, and its copy.
  let keptGiven: EventToAppend['metadata'] | undefined
  let keptFrozen: EventMetadata | undefined
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
      const given = event.metadata
      if (given !== lastGiven || lastFrozen === undefined) {
        if (given === keptGiven && keptFrozen !== undefined) lastFrozen = keptFrozen
        else {
          const copied = copyMetadata(given, clock)
          if (copied instanceof NotJson)
            return refuse(streamId, event.eventId, 'metadata', given, copied)
          lastFrozen = copied.metadata
          // Checked after the copy: a frozen object of data properties cannot change between
          // check and copy, nor afterwards.
          const keep =
            copied.flat &&
            Object.isFrozen(given) &&
            typeof given.recordedAt === 'string' &&
            holdsOnlyData(given)
          keptGiven = keep ? given : undefined
          keptFrozen = keep ? lastFrozen : undefined
        }
        lastGiven = given
      }
      const data = copyData(event.data)
      if (data instanceof NotJson) return refuse(streamId, event.eventId, 'data', event.data, data)
      records[i] = Object.freeze({
        streamId,
        streamVersion: afterVersion + i + 1,
        globalPosition: afterPosition + i + 1,
        eventId: event.eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data,
        metadata: lastFrozen,
      })
    }
    return records
  }
}
