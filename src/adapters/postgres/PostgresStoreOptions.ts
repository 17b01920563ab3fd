/**
 * How a PostgreSQL store is opened: the options, and the one way they can be wrong before any
 * connection is made (a schema name foldwise will not splice into SQL).
 *
 * @since 0.1.0
 */
import type { Pool } from 'pg'
import type { StoreError } from '../../store/StoreError.js'
import { defaultSchema, isSchemaName } from './migration.js'

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
  /** A lower-case SQL identifier: `[a-z_][a-z0-9_]{0,62}`. */
  readonly schema?: string
  /** Run the migration on open (default true). */
  readonly migrate?: boolean
  /** Polling period of `onAppend`, the fallback to `LISTEN/NOTIFY` (ms, default 1000). */
  readonly pollIntervalMs?: number
}

/**
 * The `schema` option is not a plain lower-case SQL identifier. Nothing was connected or
 * created.
 *
 * @category model
 * @since 0.1.0
 */
export interface InvalidSchemaName {
  readonly _tag: 'InvalidSchemaName'
  readonly schema: string
  readonly reason: string
}

/**
 * What opening a PostgreSQL store may fail with: a store error (the server cannot be reached,
 * say) or an invalid schema name.
 *
 * @category model
 * @since 0.1.0
 */
export type OpenPostgresStoreError = StoreError | InvalidSchemaName

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The error for a schema name foldwise refuses.
 *
 * @category constructors
 * @since 0.1.0
 */
export const invalidSchemaName = (schema: string): InvalidSchemaName => ({
  _tag: 'InvalidSchemaName',
  schema,
  reason: 'a schema name must be a lower-case SQL identifier: [a-z_][a-z0-9_]{0,62}',
})

/**
 * The schema the options name (the default when none), or why it is refused.
 *
 * @example
 * import { checkSchemaOption } from './src/adapters/postgres/PostgresStoreOptions.js'
 * assert.strictEqual(checkSchemaOption({}), 'foldwise')
 * assert.strictEqual(checkSchemaOption({ schema: 'billing' }), 'billing')
 * assert.strictEqual(
 *   (checkSchemaOption({ schema: 'x; DROP TABLE y' }) as { _tag: string })._tag,
 *   'InvalidSchemaName',
 * )
 *
 * @category constructors
 * @since 0.1.0
 */
export const checkSchemaOption = (options: {
  readonly schema?: string
}): string | InvalidSchemaName => {
  const schema = options.schema ?? defaultSchema
  return isSchemaName(schema) ? schema : invalidSchemaName(schema)
}

// -------------------------------------------------------------------------------------
// guards
// -------------------------------------------------------------------------------------

/**
 * Whether a value is an `InvalidSchemaName` error.
 *
 * @category guards
 * @since 0.1.0
 */
export const isInvalidSchemaName = (value: unknown): value is InvalidSchemaName =>
  typeof value === 'object' &&
  value !== null &&
  (value as { readonly _tag?: unknown })._tag === 'InvalidSchemaName'
