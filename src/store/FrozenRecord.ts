/**
 * Building the records a store hands out: deep copies of the caller's data, frozen once at
 * append time, so no caller can change what a store holds and reads need no defensive copy.
 *
 * @since 0.1.0
 */
import type { EventMetadata, EventToAppend, Json, RecordedEvent } from '../codec/RecordedEvent.js'

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

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
    const copy: Json[] = new Array<Json>(items.length)
    for (let i = 0; i < items.length; i++) copy[i] = freezeJson(items[i] as Json)
    return Object.freeze(copy)
  }
  const source = value as { readonly [key: string]: Json | undefined }
  const copy: { [key: string]: Json } = {}
  for (const key of Object.keys(source)) {
    const field = source[key]
    if (field !== undefined) setField(copy, key, freezeJson(field))
  }
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
  for (const key of Object.keys(metadata)) {
    if (key === 'recordedAt') continue
    const field = metadata[key]
    if (field !== undefined) setField(copy, key, freezeJson(field))
  }
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
 * an event to append and the place the store gives it: `recordAt` of `freezeEvent`.
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
  recordAt(streamId, streamVersion, globalPosition, freezeEvent(event, recordedAt))
