/**
 * `foldwise/adapters/postgres`: the PostgreSQL store (requires the `pg` peer dependency).
 *
 * @since 0.1.0
 */
export type { PostgresStore } from './PostgresStore.js'
export { openPostgresStore } from './PostgresStore.js'
export type { OpenPostgresStoreError, PostgresStoreOptions } from './PostgresStoreOptions.js'
export type { PostgresTransaction } from './transaction.js'
export { runInTransaction } from './transaction.js'
export { migrate, migrationSql } from './migration.js'
export { openPostgresStorePromise } from './openPostgresStorePromise.js'
