/**
 * Transactions for projections whose read model lives in the same database: the read-model
 * rows and the checkpoint commit together or not at all, so every event is applied exactly
 * once, even across crashes and racing runners.
 *
 * @since 0.1.0
 */
import { Effect, Exit } from 'effect'
import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg'
import type { Json } from '../../codec/RecordedEvent.js'
import type { ProjectionCheckpoint } from '../../store/EventStore.js'
import type { StoreError, StoreUnavailable } from '../../store/StoreError.js'
import { checkCheckpoint } from '../../store/StoreArguments.js'
import { fromDriver } from './errors.js'
import { storableJson } from './storable.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What a transaction can do. Every call runs on the transaction's one connection.
 *
 * @category model
 * @since 0.1.0
 */
export interface PostgresTransaction {
  /** Any SQL, for read models in tables of your own (use `$1`.. parameters). */
  readonly query: <Row extends QueryResultRow = QueryResultRow>(
    text: string,
    values?: ReadonlyArray<unknown>,
  ) => Effect.Effect<QueryResult<Row>, StoreUnavailable>
  /**
   * The projection's checkpoint. It also locks the projection until the transaction ends, so
   * two runners of one projection never apply the same events.
   */
  readonly loadCheckpoint: (
    name: string,
  ) => Effect.Effect<ProjectionCheckpoint | undefined, StoreError>
  readonly saveCheckpoint: (checkpoint: ProjectionCheckpoint) => Effect.Effect<void, StoreError>
  /** A row of the generic key/JSON read-model table. */
  readonly getReadModel: (
    projection: string,
    key: string,
  ) => Effect.Effect<Json | undefined, StoreError>
  readonly putReadModel: (
    projection: string,
    key: string,
    value: Json,
  ) => Effect.Effect<void, StoreError>
  readonly deleteReadModel: (projection: string, key: string) => Effect.Effect<void, StoreError>
}

// -------------------------------------------------------------------------------------
// SQL on one connection
// -------------------------------------------------------------------------------------

/**
 * A row of the checkpoints table.
 *
 * @category model
 * @since 0.1.0
 */
export interface CheckpointRow {
  readonly name: string
  readonly position: string
  readonly read_model: Json
}

/**
 * The checkpoint and read-model statements, on any connection (the pool or a transaction's).
 *
 * @category constructors
 * @since 0.1.0
 */
export const projectionStatements = (schema: string) => ({
  loadCheckpoint: `SELECT name, position, read_model FROM ${schema}.checkpoints WHERE name = $1`,
  saveCheckpoint: `INSERT INTO ${schema}.checkpoints (name, position, read_model) VALUES ($1, $2, $3::jsonb)
    ON CONFLICT (name) DO UPDATE SET position = excluded.position, read_model = excluded.read_model, saved_at = now()`,
  getReadModel: `SELECT value FROM ${schema}.read_models WHERE projection = $1 AND key = $2`,
  putReadModel: `INSERT INTO ${schema}.read_models (projection, key, value) VALUES ($1, $2, $3::jsonb)
    ON CONFLICT (projection, key) DO UPDATE SET value = excluded.value, updated_at = now()`,
  deleteReadModel: `DELETE FROM ${schema}.read_models WHERE projection = $1 AND key = $2`,
  lockProjection: `SELECT pg_advisory_xact_lock(hashtext('foldwise.projection'), hashtext($1 || '/' || $2))`,
})

/**
 * A checkpoint from its row.
 *
 * @category constructors
 * @since 0.1.0
 */
export const toCheckpoint = (row: CheckpointRow | undefined): ProjectionCheckpoint | undefined =>
  row === undefined
    ? undefined
    : { name: row.name, position: Number(row.position), readModel: row.read_model }

const makeTransaction = (client: PoolClient, schema: string): PostgresTransaction => {
  const sql = projectionStatements(schema)
  const query = <Row extends QueryResultRow = QueryResultRow>(
    text: string,
    values?: ReadonlyArray<unknown>,
  ) => fromDriver(() => client.query<Row>(text, values === undefined ? undefined : [...values]))
  return {
    query,
    loadCheckpoint: (name) =>
      Effect.flatMap(query(sql.lockProjection, [schema, name]), () =>
        Effect.map(query<CheckpointRow>(sql.loadCheckpoint, [name]), (r) =>
          toCheckpoint(r.rows[0]),
        ),
      ),
    saveCheckpoint: (checkpoint) =>
      Effect.suspend((): Effect.Effect<void, StoreError> => {
        const checked = checkCheckpoint(checkpoint)
        if ('_tag' in checked) return Effect.fail(checked)
        const readModel = storableJson('saveCheckpoint', 'checkpoint.readModel', checked.readModel)
        if (typeof readModel !== 'string') return Effect.fail(readModel)
        return Effect.asVoid(query(sql.saveCheckpoint, [checked.name, checked.position, readModel]))
      }),
    getReadModel: (projection, key) =>
      Effect.map(
        query<{ value: Json }>(sql.getReadModel, [projection, key]),
        (r) => r.rows[0]?.value,
      ),
    putReadModel: (projection, key, value) =>
      Effect.asVoid(query(sql.putReadModel, [projection, key, JSON.stringify(value)])),
    deleteReadModel: (projection, key) =>
      Effect.asVoid(query(sql.deleteReadModel, [projection, key])),
  }
}

/**
 * Runs `work` in one transaction: committed when it succeeds, rolled back when it fails, is
 * interrupted or dies. A failed `COMMIT` (the connection dropped) is `StoreUnavailable`: the
 * transaction committed whole or not at all.
 *
 * @category combinators
 * @since 0.1.0
 */
export const runInTransaction =
  (pool: Pool, schema: string) =>
  <A, E>(
    work: (tx: PostgresTransaction) => Effect.Effect<A, E>,
  ): Effect.Effect<A, E | StoreError> =>
    Effect.acquireUseRelease(
      fromDriver(() => pool.connect()),
      (client) =>
        Effect.gen(function* () {
          yield* fromDriver(() => client.query('BEGIN'))
          const result = yield* work(makeTransaction(client, schema))
          yield* fromDriver(() => client.query('COMMIT'))
          return result
        }),
      (client, exit) =>
        Exit.isSuccess(exit)
          ? Effect.sync(() => client.release())
          : Effect.promise(() =>
              client.query('ROLLBACK').then(
                () => client.release(),
                (error: unknown) => client.release(error instanceof Error ? error : true),
              ),
            ),
    )
