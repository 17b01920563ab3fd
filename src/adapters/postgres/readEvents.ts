/**
 * The reads of the PostgreSQL store: a stream (a range, either direction), the store-wide log,
 * a stream's version and the head position. None takes the append lock.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import type { Pool, QueryResultRow } from 'pg'
import type { RecordedEvent } from '../../codec/RecordedEvent.js'
import type { ReadAllOptions, ReadStreamOptions } from '../../store/EventStore.js'
import type { StoreUnavailable } from '../../store/StoreError.js'
import { fromDriver } from './errors.js'
import type { EventRow } from './rows.js'
import { eventColumns, textTypes, toRecordedEvents } from './rows.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The reads of one store (the stream id is already checked).
 *
 * @category model
 * @since 0.1.0
 */
export interface EventReads {
  readonly readStream: (
    streamId: string,
    options: ReadStreamOptions,
  ) => Effect.Effect<ReadonlyArray<RecordedEvent>, StoreUnavailable>
  readonly readAll: (
    options: ReadAllOptions,
  ) => Effect.Effect<ReadonlyArray<RecordedEvent>, StoreUnavailable>
  readonly streamVersion: (streamId: string) => Effect.Effect<number, StoreUnavailable>
  readonly headPosition: () => Effect.Effect<number, StoreUnavailable>
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

const statements = (schema: string) => ({
  readStreamForward: `SELECT ${eventColumns} FROM ${schema}.events WHERE stream_id = $1
    AND stream_version BETWEEN $2 AND $3 ORDER BY stream_version ASC LIMIT $4`,
  readStreamBackward: `SELECT ${eventColumns} FROM ${schema}.events WHERE stream_id = $1
    AND stream_version BETWEEN $2 AND $3 ORDER BY stream_version DESC LIMIT $4`,
  streamVersion: `SELECT coalesce(max(stream_version), 0) AS version FROM ${schema}.events WHERE stream_id = $1`,
  readAll: `SELECT ${eventColumns} FROM ${schema}.events WHERE global_position >= $1
    ORDER BY global_position ASC LIMIT $2`,
  headPosition: `SELECT coalesce(max(global_position), 0) AS head FROM ${schema}.events`,
})

const maxBigint = '9223372036854775807'
const toLimit = (limit: number | undefined): number | null =>
  limit === undefined ? null : Math.max(0, Math.floor(limit))
const toBound = (value: number | undefined, fallback: string): string =>
  value === undefined || !Number.isFinite(value) ? fallback : String(Math.max(0, Math.ceil(value)))

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The reads of the store in `schema`, on `pool`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeEventReads = (pool: Pool, schema: string): EventReads => {
  const sql = statements(schema)
  const one = <Row extends QueryResultRow>(text: string, values: ReadonlyArray<unknown>) =>
    fromDriver(() => pool.query<Row>(text, [...values]).then((r) => r.rows[0]))
  const events = (text: string, values: ReadonlyArray<unknown>) =>
    fromDriver(() =>
      pool
        .query<EventRow & unknown[]>({
          text,
          values: [...values],
          rowMode: 'array',
          types: textTypes,
        })
        .then((r) => toRecordedEvents(r.rows)),
    )
  return {
    readStream: (streamId, options) =>
      events(options.direction === 'backward' ? sql.readStreamBackward : sql.readStreamForward, [
        streamId,
        toBound(options.from, '1'),
        toBound(options.to, maxBigint),
        toLimit(options.limit),
      ]),
    readAll: (options) =>
      events(sql.readAll, [toBound(options.fromPosition, '1'), toLimit(options.limit)]),
    streamVersion: (streamId) =>
      Effect.map(one<{ version: string }>(sql.streamVersion, [streamId]), (row) =>
        Number(row?.version ?? 0),
      ),
    headPosition: () =>
      Effect.map(one<{ head: string }>(sql.headPosition, []), (row) => Number(row?.head ?? 0)),
  }
}
