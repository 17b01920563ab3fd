/**
 * Turning events into log lines and log lines back into frozen records.
 *
 * @since 0.1.0
 */
import type {
  EventMetadata,
  EventToAppend,
  Json,
  RecordedEvent,
} from '../../codec/RecordedEvent.js'
import type { FrozenEvent } from '../../store/FrozenRecord.js'
import { freezeStorableEvent, recordAt } from '../../store/FrozenRecord.js'
import type { InvalidArgument, UnstorableEvent } from '../../store/StoreError.js'
import { checkLogLine, encodeEnvelope, moreSuffix } from './LineFormat.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An event made ready before the lock is taken: frozen copies of its data and metadata and the
 * JSON of every field after the header (so under the lock only the header is written).
 *
 * @category model
 * @since 0.1.0
 */
export interface PreparedEvent {
  readonly event: FrozenEvent
  /** `"eventId":…,"metadata":{…}}`: the record JSON after its header fields. */
  readonly tail: string
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Prepares an event of `streamId` for the log; `recordedAt` (a time, or a clock read only then)
 * fills the metadata when the caller gave none, `index` is its place in the append. An event holding a value that is not JSON is
 * refused as `UnstorableEvent`, one whose fields are wrong as `InvalidArgument` (the frozen
 * copy checks both), so `JSON.stringify` only ever sees JSON and a line always reads back.
 *
 * @category constructors
 * @since 0.1.0
 */
export const prepareEvent = (
  streamId: string,
  event: EventToAppend,
  recordedAt: string | (() => string),
  index = 0,
): PreparedEvent | UnstorableEvent | InvalidArgument => {
  const frozen = freezeStorableEvent(streamId, event, recordedAt, index)
  return '_tag' in frozen ? frozen : { event: frozen, tail: encodeTail(frozen) }
}

/**
 * The record JSON of an event after its header fields, in the fixed field order.
 *
 * @category constructors
 * @since 0.1.0
 */
export const encodeTail = (event: FrozenEvent): string =>
  JSON.stringify({
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
  }).slice(1)

/**
 * The log line (with its newline) of a prepared event at its place; `more` when the append
 * continues on the next line.
 *
 * @category constructors
 * @since 0.1.0
 */
export const encodeLine = (
  streamIdJson: string,
  streamVersion: number,
  globalPosition: number,
  tail: string,
  more: boolean,
): string => {
  const line = encodeEnvelope(
    'event',
    `{"streamId":${streamIdJson},"streamVersion":${streamVersion},"globalPosition":${globalPosition},${tail}`,
  )
  return more ? `${line.slice(0, -1)}${moreSuffix}\n` : `${line}\n`
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

const freezeParsed = <A>(value: A): A => {
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) freezeParsed((value as Record<string, unknown>)[key])
    Object.freeze(value)
  }
  return value
}

interface ParsedRecord {
  readonly streamId: unknown
  readonly streamVersion: unknown
  readonly globalPosition: unknown
  readonly eventId: unknown
  readonly type: unknown
  readonly schemaVersion: unknown
  readonly data: Json
  readonly metadata: { readonly recordedAt?: unknown }
}

/**
 * The record in the line `bytes[lineStart, lineEnd)` (no newline), expected at global position
 * `position`, or why the line is damaged.
 *
 * @category destructors
 * @since 0.1.0
 */
export const decodeRecord = (
  bytes: Buffer,
  lineStart: number,
  lineEnd: number,
  position: number | undefined,
): RecordedEvent | string => {
  const envelope = checkLogLine(bytes, lineStart, lineEnd)
  if (envelope._tag === 'Damaged') return envelope.reason
  let parsed: ParsedRecord
  try {
    parsed = JSON.parse(
      bytes.toString('utf8', envelope.payloadStart, envelope.payloadEnd),
    ) as ParsedRecord
  } catch {
    return 'record is not JSON'
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof parsed.streamId !== 'string' ||
    typeof parsed.streamVersion !== 'number' ||
    typeof parsed.globalPosition !== 'number' ||
    typeof parsed.eventId !== 'string' ||
    typeof parsed.type !== 'string' ||
    typeof parsed.schemaVersion !== 'number' ||
    typeof parsed.metadata !== 'object' ||
    parsed.metadata === null ||
    typeof parsed.metadata.recordedAt !== 'string'
  )
    return 'record has the wrong shape'
  if (position !== undefined && parsed.globalPosition !== position)
    return `record has global position ${parsed.globalPosition} where the index says ${position}`
  return recordAt(parsed.streamId, parsed.streamVersion, parsed.globalPosition, {
    eventId: parsed.eventId,
    type: parsed.type,
    schemaVersion: parsed.schemaVersion,
    data: freezeParsed(parsed.data),
    metadata: freezeParsed(parsed.metadata) as EventMetadata,
  })
}
