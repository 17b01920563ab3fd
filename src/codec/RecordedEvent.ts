/**
 * The stored record: what every store adapter writes and reads. Adapters see only these
 * records, never domain types.
 *
 * Positions are 1-based: the first event of a stream has `streamVersion` 1, so a stream's
 * version equals the number of events in it and an absent stream has version 0. The first
 * event of the store has `globalPosition` 1.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A JSON value, as stored.
 *
 * @category model
 * @since 0.1.0
 */
export type Json =
  null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }

/**
 * Metadata of a stored event. `recordedAt` is an ISO-8601 string supplied by the caller (the
 * runtime's clock service) or, when absent, by the store adapter; never by the kernel.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface EventMetadata {
  readonly recordedAt: string
  readonly correlationId?: string
  readonly causationId?: string
  /** The id of the command that produced this event, used for idempotent command handling. */
  readonly commandId?: string
  readonly [key: string]: Json | undefined
}

/**
 * An encoded event ready to append: the store gives it a stream, a version and a position.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface EventToAppend {
  readonly eventId: string
  readonly type: string
  readonly schemaVersion: number
  readonly data: Json
  readonly metadata: Omit<EventMetadata, 'recordedAt'> & { readonly recordedAt?: string }
}

/**
 * An event as a store holds it.
 *
 * @category model
 * @since 0.1.0
 */
export interface RecordedEvent {
  readonly streamId: string
  /** 1-based position of the event in its stream. */
  readonly streamVersion: number
  /** 1-based position of the event in the store-wide log; strictly increasing, gap-free. */
  readonly globalPosition: number
  readonly eventId: string
  readonly type: string
  readonly schemaVersion: number
  readonly data: Json
  readonly metadata: EventMetadata
}

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const FiniteNumber = t.refinement(t.number, Number.isFinite, 'FiniteNumber')

/**
 * Any JSON value (validated structurally, without copying).
 *
 * @category codecs
 * @since 0.1.0
 */
export const JsonCodec: t.Type<Json> = t.recursion('Json', () =>
  t.union([
    t.null,
    t.boolean,
    FiniteNumber,
    t.string,
    t.readonlyArray(JsonCodec),
    t.record(t.string, JsonCodec),
  ]),
)

const optionalString = t.union([t.string, t.undefined])

/**
 * Codec of event metadata: `recordedAt` is required; user fields pass through.
 *
 * @category codecs
 * @since 0.1.0
 */
export const EventMetadataCodec: t.Type<EventMetadata, EventMetadata, unknown> = new t.Type<
  EventMetadata,
  EventMetadata,
  unknown
>(
  'EventMetadata',
  (u): u is EventMetadata =>
    typeof u === 'object' &&
    u !== null &&
    typeof (u as { recordedAt?: unknown }).recordedAt === 'string',
  (u, c) => {
    if (typeof u !== 'object' || u === null || Array.isArray(u))
      return t.failure(u, c, 'expected an object')
    const record = u as Record<string, unknown>
    if (typeof record['recordedAt'] !== 'string')
      return t.failure(
        record['recordedAt'],
        t.appendContext(c, 'recordedAt', t.string, record['recordedAt']),
      )
    for (const key of ['correlationId', 'causationId', 'commandId'] as const) {
      const value = record[key]
      if (!optionalString.is(value))
        return t.failure(value, t.appendContext(c, key, optionalString, value))
    }
    const json = JsonCodec.validate(u, c)
    return json._tag === 'Left' ? json : t.success(u as EventMetadata)
  },
  t.identity,
)

const PositiveInteger = t.refinement(
  t.number,
  (n) => Number.isSafeInteger(n) && n >= 1,
  'PositiveInteger',
)

/**
 * Codec of a stored record (the envelope; `data` stays JSON until an event codec decodes it).
 *
 * @category codecs
 * @since 0.1.0
 */
export const RecordedEventCodec: t.Type<RecordedEvent, RecordedEvent, unknown> = t.readonly(
  t.type({
    streamId: t.string,
    streamVersion: PositiveInteger,
    globalPosition: PositiveInteger,
    eventId: t.string,
    type: t.string,
    schemaVersion: PositiveInteger,
    data: JsonCodec,
    metadata: EventMetadataCodec,
  }),
  'RecordedEvent',
) as unknown as t.Type<RecordedEvent, RecordedEvent, unknown>
