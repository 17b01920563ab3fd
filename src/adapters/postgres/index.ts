/**
 * `foldwise/adapters/postgres`: the PostgreSQL store (requires the `pg` peer dependency).
 *
 * @since 0.1.0
 */
export * from './PostgresStore.js'
export * from './PostgresStoreOptions.js'
export * from './transaction.js'
export * from './migration.js'
export * from './errors.js'
export * from './storable.js'
export { openPostgresStorePromise } from './openPostgresStorePromise.js'
