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
  CheckpointStore,
  EventStore,
  ProjectionCheckpoint,
  SnapshotStore,
  StoredSnapshot,
} from '../../store/EventStore.js'
import type { StoreError } from '../../store/StoreError.js'
import { storeClosed } from '../../store/StoreError.js'
import {
  checkAppendArguments,
  checkCheckpoint,
  checkCheckpointName,
  checkReadAllOptions,
  checkReadStreamOptions,
  checkSnapshot,
} from '../../store/StoreArguments.js'
import { checkStreamId } from '../../store/StreamId.js'
import { appendEvents } from './appendEvents.js'
import { fromDriver } from './errors.js'
import { makeGroupCommit } from './groupCommit.js'
import { migrate, notifyChannel } from './migration.js'
import { makeAppendNotifier } from './notifier.js'
import type { OpenPostgresStoreError, PostgresStoreOptions } from './PostgresStoreOptions.js'
import { checkSchemaOption } from './PostgresStoreOptions.js'
import { makeEventReads } from './readEvents.js'
import { storableJson } from './storable.js'
import type { CheckpointRow, PostgresTransaction } from './transaction.js'
import { projectionStatements, runInTransaction, toCheckpoint } from './transaction.js'
import { requireCompatibleEffect } from '../../store/EffectVersion.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

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

const snapshotStatements = (schema: string) => ({
  loadSnapshot: `SELECT stream_id, stream_version, state_version, state FROM ${schema}.snapshots WHERE stream_id = $1`,
  saveSnapshot: `INSERT INTO ${schema}.snapshots (stream_id, stream_version, state_version, state)
    VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT (stream_id) DO UPDATE SET stream_version = excluded.stream_version,
    state_version = excluded.state_version, state = excluded.state, saved_at = now()`,
})

interface SnapshotRow {
  readonly stream_id: string
  readonly stream_version: string
  readonly state_version: number
  readonly state: Json
}

/**
 * Opens a PostgreSQL store: checks the schema name, makes (or borrows) the pool, runs the
 * idempotent migration, and returns the store. Failing to reach the server is
 * `StoreUnavailable`; a schema name that is not a lower-case SQL identifier is
 * `InvalidSchemaName` (and nothing is connected).
 *
 * @example no-run
 * import { Effect } from 'effect'
 * import { openPostgresStore } from 'foldwise/adapters/postgres'
 * const program = Effect.gen(function* () {
 *   const store = yield* openPostgresStore({ connectionString: process.env.PG_URL! })
 *   yield* store.append('account-1', [], { expectedVersion: 'any' })
 *   yield* store.close()
 * })
 *
 * @category constructors
 * @since 0.1.0
 */
export const openPostgresStore = (
  options: PostgresStoreOptions,
): Effect.Effect<PostgresStore, OpenPostgresStoreError> => {
  requireCompatibleEffect()
  return Effect.suspend((): Effect.Effect<PostgresStore, OpenPostgresStoreError> => {
    const schema = checkSchemaOption(options)
    if (typeof schema !== 'string') return Effect.fail(schema)
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
      openStore(pool, ownPool, schema, options.pollIntervalMs),
    )
  })
}

const openStore = (
  pool: Pool,
  ownPool: boolean,
  schema: string,
  pollIntervalMs: number | undefined,
): PostgresStore => {
  const snapshots = snapshotStatements(schema)
  const projections = projectionStatements(schema)
  const reads = makeEventReads(pool, schema)
  let closed = false

  const rows = <Row extends QueryResultRow>(text: string, values: ReadonlyArray<unknown>) =>
    fromDriver(() => pool.query<Row>(text, [...values]).then((r) => r.rows))
  const open = <A, E>(run: () => Effect.Effect<A, E>): Effect.Effect<A, E | StoreError> =>
    Effect.suspend((): Effect.Effect<A, E | StoreError> =>
      closed ? Effect.fail(storeClosed) : run(),
    )
  const withStream = <A, E>(streamId: string, run: () => Effect.Effect<A, E>) =>
    open((): Effect.Effect<A, E | StoreError> => {
      const invalid = checkStreamId(streamId)
      return invalid === undefined ? run() : Effect.fail(invalid)
    })

  const notifier = makeAppendNotifier({
    pool,
    channel: notifyChannel(schema),
    headPosition: () => Effect.runPromise(reads.headPosition()),
    ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
  })
  const enqueue = makeGroupCommit(pool, schema)

  return {
    schema,
    pool,
    append: (streamId, events, appendOptions) =>
      open(() => {
        const expected = checkAppendArguments(streamId, events, appendOptions)
        return typeof expected === 'object'
          ? Effect.fail(expected)
          : appendEvents(enqueue, notifier.publish, streamId, events, expected)
      }),
    readStream: (streamId, options = {}) =>
      withStream(streamId, (): Effect.Effect<ReadonlyArray<RecordedEvent>, StoreError> => {
        const invalid = checkReadStreamOptions(options)
        return invalid === undefined ? reads.readStream(streamId, options) : Effect.fail(invalid)
      }),
    streamVersion: (streamId) => withStream(streamId, () => reads.streamVersion(streamId)),
    readAll: (options = {}) =>
      open((): Effect.Effect<ReadonlyArray<RecordedEvent>, StoreError> => {
        const invalid = checkReadAllOptions(options)
        return invalid === undefined ? reads.readAll(options) : Effect.fail(invalid)
      }),
    headPosition: () => open(reads.headPosition),
    onAppend: (listener) => open(() => fromDriver(() => notifier.subscribe(listener))),
    close: () =>
      Effect.promise(async () => {
        if (closed) return
        closed = true
        await notifier.close()
        if (ownPool) await pool.end().catch(() => undefined)
      }),
    loadSnapshot: (streamId) =>
      withStream(streamId, () =>
        Effect.map(rows<SnapshotRow>(snapshots.loadSnapshot, [streamId]), (r) => {
          const row = r[0]
          return row === undefined
            ? undefined
            : ({
                streamId: row.stream_id,
                streamVersion: Number(row.stream_version),
                stateVersion: row.state_version,
                state: row.state,
              } satisfies StoredSnapshot)
        }),
      ),
    saveSnapshot: (snapshot) =>
      open((): Effect.Effect<void, StoreError> => {
        const checked = checkSnapshot(snapshot)
        if ('_tag' in checked) return Effect.fail(checked)
        const state = storableJson('saveSnapshot', 'snapshot.state', checked.state)
        if (typeof state !== 'string') return Effect.fail(state)
        return Effect.asVoid(
          rows(snapshots.saveSnapshot, [
            checked.streamId,
            checked.streamVersion,
            checked.stateVersion,
            state,
          ]),
        )
      }),
    loadCheckpoint: (name) =>
      open((): Effect.Effect<ProjectionCheckpoint | undefined, StoreError> => {
        const invalid = checkCheckpointName('loadCheckpoint', name)
        return invalid !== undefined
          ? Effect.fail(invalid)
          : Effect.map(rows<CheckpointRow>(projections.loadCheckpoint, [name]), (r) =>
              toCheckpoint(r[0]),
            )
      }),
    saveCheckpoint: (checkpoint) =>
      open((): Effect.Effect<void, StoreError> => {
        const checked = checkCheckpoint(checkpoint)
        if ('_tag' in checked) return Effect.fail(checked)
        const readModel = storableJson('saveCheckpoint', 'checkpoint.readModel', checked.readModel)
        if (typeof readModel !== 'string') return Effect.fail(readModel)
        return Effect.asVoid(
          rows(projections.saveCheckpoint, [checked.name, checked.position, readModel]),
        )
      }),
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
