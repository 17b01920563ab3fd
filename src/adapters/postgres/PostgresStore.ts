/**
 * The PostgreSQL adapter of the store port: events, snapshots, projection checkpoints and
 * read models in one database, shared by any number of processes and application servers.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import pg from 'pg'
import type { Pool, QueryResultRow } from 'pg'
import type { Json, RecordedEvent } from '../../codec/RecordedEvent.js'
import type {
  AppendResult,
  CheckpointStore,
  EventStore,
  SnapshotStore,
  StoredSnapshot,
} from '../../store/EventStore.js'
import type { StoreError, StoreUnavailable } from '../../store/StoreError.js'
import { storeClosed, wrongExpectedVersion } from '../../store/StoreError.js'
import { checkStreamId } from '../../store/StreamId.js'
import { fromDriver } from './errors.js'
import { makeGroupCommit } from './groupCommit.js'
import { defaultSchema, isSchemaName, migrate, notifyChannel } from './migration.js'
import { makeAppendNotifier } from './notifier.js'
import type { EventRow } from './rows.js'
import { encodeExpectedVersion, eventColumns, storedMetadata, toRecordedEvent } from './rows.js'
import type { CheckpointRow, PostgresTransaction } from './transaction.js'
import { projectionStatements, runInTransaction, toCheckpoint } from './transaction.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How to reach the database: a pool of yours (not ended by `close`), or a connection string
 * (the store makes and ends its own pool). `schema` (default `foldwise`) holds the tables, so
 * several stores can share a database.
 *
 * @category model
 * @since 0.1.0
 */
export type PostgresStoreOptions = (
  | { readonly pool: Pool; readonly connectionString?: never }
  | { readonly connectionString: string; readonly pool?: never; readonly maxConnections?: number }
) & {
  readonly schema?: string
  /** Run the migration on open (default true). */
  readonly migrate?: boolean
  /** Polling period of `onAppend`, the fallback to `LISTEN/NOTIFY` (ms, default 1000). */
  readonly pollMs?: number
}

/**
 * The PostgreSQL store: the event store, snapshot and checkpoint ports, plus transactions for
 * read models kept in the same database.
 *
 * @category model
 * @since 0.1.0
 */
export interface PostgresStore extends EventStore, SnapshotStore, CheckpointStore {
  readonly schema: string
  readonly pool: Pool
  /** Runs `work` in one transaction (read-model rows and checkpoint saved atomically). */
  readonly runInTransaction: <A, E>(
    work: (tx: PostgresTransaction) => Effect.Effect<A, E>,
  ) => Effect.Effect<A, E | StoreError>
  /** A row of the generic read-model table, outside any transaction. */
  readonly readModel: (
    projection: string,
    key: string,
  ) => Effect.Effect<Json | undefined, StoreError>
}

// -------------------------------------------------------------------------------------
// constructors
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
  loadSnapshot: `SELECT stream_id, stream_version, state_version, state FROM ${schema}.snapshots WHERE stream_id = $1`,
  saveSnapshot: `INSERT INTO ${schema}.snapshots (stream_id, stream_version, state_version, state)
    VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT (stream_id) DO UPDATE SET stream_version = excluded.stream_version,
    state_version = excluded.state_version, state = excluded.state, saved_at = now()`,
})

const maxBigint = '9223372036854775807'
const toLimit = (limit: number | undefined): number | null =>
  limit === undefined ? null : Math.max(0, Math.floor(limit))
const toBound = (value: number | undefined, fallback: string): string =>
  value === undefined || !Number.isFinite(value) ? fallback : String(Math.max(0, Math.ceil(value)))

/**
 * Opens a PostgreSQL store: makes (or borrows) the pool, runs the idempotent migration, and
 * returns the store. Failing to reach the server is `StoreUnavailable`.
 *
 * @example
 * import { Effect } from 'effect'
 * import { makePostgresStore } from 'foldwise/adapters/postgres'
 * const program = Effect.gen(function* () {
 *   const store = yield* makePostgresStore({ connectionString: process.env.PG_URL! })
 *   yield* store.append('account-1', [], { expectedVersion: 'any' })
 *   yield* store.close()
 * })
 *
 * @category constructors
 * @since 0.1.0
 */
export const makePostgresStore = (
  options: PostgresStoreOptions,
): Effect.Effect<PostgresStore, StoreError> =>
  Effect.suspend(() => {
    const schema = options.schema ?? defaultSchema
    if (!isSchemaName(schema))
      return Effect.die(new Error(`invalid schema name ${JSON.stringify(schema)}`))
    const ownPool = options.pool === undefined
    const pool =
      options.pool ??
      new pg.Pool({
        connectionString: options.connectionString,
        max: options.maxConnections ?? 10,
        connectionTimeoutMillis: 10_000,
      })
    // An idle connection dropped by a server restart must not crash the process: the next
    // query gets a fresh connection or a StoreUnavailable.
    pool.on('error', () => undefined)
    const opened = options.migrate === false ? Effect.void : fromDriver(() => migrate(pool, schema))
    return Effect.as(
      Effect.tapError(opened, () => (ownPool ? Effect.promise(() => pool.end()) : Effect.void)),
      openStore(pool, ownPool, schema, options.pollMs),
    )
  })

const openStore = (
  pool: Pool,
  ownPool: boolean,
  schema: string,
  pollMs: number | undefined,
): PostgresStore => {
  const sql = statements(schema)
  const projections = projectionStatements(schema)
  let closed = false

  const rows = <Row extends QueryResultRow>(text: string, values: ReadonlyArray<unknown>) =>
    fromDriver(() => pool.query<Row>(text, [...values]).then((r) => r.rows))
  const events = (
    text: string,
    values: ReadonlyArray<unknown>,
  ): Effect.Effect<ReadonlyArray<RecordedEvent>, StoreUnavailable> =>
    fromDriver(() =>
      pool
        .query<unknown[]>({ text, values: [...values], rowMode: 'array' })
        .then((r) =>
          Object.freeze(r.rows.map((row) => toRecordedEvent(row as unknown as EventRow))),
        ),
    )
  const open = <A, E>(run: () => Effect.Effect<A, E>): Effect.Effect<A, E | StoreError> =>
    Effect.suspend((): Effect.Effect<A, E | StoreError> =>
      closed ? Effect.fail(storeClosed) : run(),
    )
  const withStream = <A, E>(streamId: string, run: () => Effect.Effect<A, E>) =>
    open((): Effect.Effect<A, E | StoreError> => {
      const invalid = checkStreamId(streamId)
      return invalid === undefined ? run() : Effect.fail(invalid)
    })
  const headPosition = (): Effect.Effect<number, StoreUnavailable> =>
    Effect.map(rows<{ head: string }>(sql.headPosition, []), (r) => Number(r[0]?.head ?? 0))

  const notifier = makeAppendNotifier({
    pool,
    channel: notifyChannel(schema),
    headPosition: () => Effect.runPromise(headPosition()),
    ...(pollMs === undefined ? {} : { pollMs }),
  })

  const enqueue = makeGroupCommit(pool, schema)

  const append: EventStore['append'] = (streamId, toAppend, { expectedVersion }) =>
    withStream(streamId, () => {
      const recordedAt = new Date().toISOString()
      const stored = toAppend.map((e) => ({
        eventId: e.eventId,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: e.data,
        metadata: storedMetadata(e.metadata, recordedAt),
      }))
      const encoded = {
        s: streamId,
        x: encodeExpectedVersion(expectedVersion),
        e: JSON.stringify(stored),
      }
      return Effect.flatMap(
        fromDriver(() => enqueue(encoded, stored.length)),
        (row): Effect.Effect<AppendResult, StoreError> => {
          const actual = row.actual
          if (!row.ok && actual === -1)
            return Effect.die(
              new Error(`append to ${JSON.stringify(streamId)}: an event id already exists`),
            )
          if (!row.ok) return Effect.fail(wrongExpectedVersion(streamId, expectedVersion, actual))
          const first = row.firstPosition
          const records = Object.freeze(
            stored.map((e, i) =>
              Object.freeze({
                streamId,
                streamVersion: actual + i + 1,
                globalPosition: first + i,
                eventId: e.eventId,
                type: e.type,
                schemaVersion: e.schemaVersion,
                data: e.data,
                metadata: Object.freeze(e.metadata),
              }),
            ),
          )
          if (records.length > 0) notifier.publish(first + records.length - 1)
          return Effect.succeed({ nextExpectedVersion: actual + records.length, records })
        },
      )
    })

  const loadSnapshot: SnapshotStore['loadSnapshot'] = (streamId) =>
    withStream(streamId, () =>
      Effect.map(
        rows<{ stream_id: string; stream_version: string; state_version: number; state: Json }>(
          sql.loadSnapshot,
          [streamId],
        ),
        (r): StoredSnapshot | undefined => {
          const row = r[0]
          return row === undefined
            ? undefined
            : {
                streamId: row.stream_id,
                streamVersion: Number(row.stream_version),
                stateVersion: row.state_version,
                state: row.state,
              }
        },
      ),
    )

  return {
    schema,
    pool,
    append,
    readStream: (streamId, options = {}) =>
      withStream(streamId, () =>
        events(options.direction === 'backward' ? sql.readStreamBackward : sql.readStreamForward, [
          streamId,
          toBound(options.from, '1'),
          toBound(options.to, maxBigint),
          toLimit(options.limit),
        ]),
      ),
    streamVersion: (streamId) =>
      withStream(streamId, () =>
        Effect.map(rows<{ version: string }>(sql.streamVersion, [streamId]), (r) =>
          Number(r[0]?.version ?? 0),
        ),
      ),
    readAll: (options = {}) =>
      open(() => events(sql.readAll, [toBound(options.fromPosition, '1'), toLimit(options.limit)])),
    headPosition: () => open(headPosition),
    onAppend: (listener) => open(() => fromDriver(() => notifier.subscribe(listener))),
    close: () =>
      Effect.promise(async () => {
        if (closed) return
        closed = true
        await notifier.close()
        if (ownPool) await pool.end().catch(() => undefined)
      }),
    loadSnapshot,
    saveSnapshot: (s) =>
      withStream(s.streamId, () =>
        Effect.asVoid(
          rows(sql.saveSnapshot, [
            s.streamId,
            s.streamVersion,
            s.stateVersion,
            JSON.stringify(s.state),
          ]),
        ),
      ),
    loadCheckpoint: (name) =>
      open(() =>
        Effect.map(rows<CheckpointRow>(projections.loadCheckpoint, [name]), (r) =>
          toCheckpoint(r[0]),
        ),
      ),
    saveCheckpoint: (c) =>
      open(() =>
        Effect.asVoid(
          rows(projections.saveCheckpoint, [c.name, c.position, JSON.stringify(c.readModel)]),
        ),
      ),
    runInTransaction: (work) => open(() => runInTransaction(pool, schema)(work)),
    readModel: (projection, key) =>
      open(() =>
        Effect.map(
          rows<{ value: Json }>(projections.getReadModel, [projection, key]),
          (r) => r[0]?.value,
        ),
      ),
  }
}
