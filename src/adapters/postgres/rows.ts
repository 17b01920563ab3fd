/**
 * Rows of the events table as stored records, and the SQL that reads them.
 *
 * @since 0.1.0
 */
import type {
  EventMetadata,
  EventToAppend,
  Json,
  RecordedEvent,
} from '../../codec/RecordedEvent.js'
import type { ExpectedVersion } from '../../store/ExpectedVersion.js'

/**
 * The columns a read selects, in the order of `EventRow`.
 *
 * @category model
 * @since 0.1.0
 */
export const eventColumns =
  'stream_id, stream_version, global_position, event_id, type, schema_version, data, metadata'

/**
 * A row as the driver returns it in array mode (bigint columns arrive as strings).
 *
 * @category model
 * @since 0.1.0
 */
export type EventRow = readonly [
  streamId: string,
  streamVersion: string,
  globalPosition: string,
  eventId: string,
  type: string,
  schemaVersion: number,
  data: Json,
  metadata: EventMetadata,
]

/**
 * A frozen record from a row.
 *
 * @category constructors
 * @since 0.1.0
 */
export const toRecordedEvent = (row: EventRow): RecordedEvent =>
  Object.freeze({
    streamId: row[0],
    streamVersion: Number(row[1]),
    globalPosition: Number(row[2]),
    eventId: row[3],
    type: row[4],
    schemaVersion: row[5],
    data: row[6],
    metadata: Object.freeze(row[7]),
  })

/**
 * The metadata stored for an event: the caller's, with `recordedAt` filled when absent.
 *
 * @category constructors
 * @since 0.1.0
 */
export const storedMetadata = (
  metadata: EventToAppend['metadata'],
  recordedAt: string,
): EventMetadata =>
  // A copy: the returned record is frozen, the caller's object must stay theirs.
  Object.assign({}, metadata, {
    recordedAt: typeof metadata.recordedAt === 'string' ? metadata.recordedAt : recordedAt,
  })

/**
 * The append function's encoding of an expected version: a string its SQL compares.
 *
 * @category constructors
 * @since 0.1.0
 */
export const encodeExpectedVersion = (expected: ExpectedVersion): string =>
  typeof expected === 'number'
    ? Number.isSafeInteger(expected)
      ? String(expected)
      : 'never'
    : expected
