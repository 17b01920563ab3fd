/**
 * The PostgreSQL store opened without effect in user code: the Promise twin of
 * `openPostgresStore` (see the naming rule in adapters/file/openFileStorePromise.ts; the
 * Effect opener keeps its released name).
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import type { Either } from 'fp-ts/lib/Either.js'
import { left, right } from 'fp-ts/lib/Either.js'
import type { PostgresStore } from './PostgresStore.js'
import { openPostgresStore } from './PostgresStore.js'
import type { OpenPostgresStoreError, PostgresStoreOptions } from './PostgresStoreOptions.js'

/**
 * Opens the PostgreSQL store (see `openPostgresStore`), as a Promise of `Either`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const openPostgresStorePromise = (
  options: PostgresStoreOptions,
): Promise<Either<OpenPostgresStoreError, PostgresStore>> =>
  Effect.runPromise(Effect.match(openPostgresStore(options), { onFailure: left, onSuccess: right }))
