/**
 * A store named on the command line: a file store directory, or a PostgreSQL URL
 * (`postgres://...`). The PostgreSQL adapter and its driver are loaded only when a URL is
 * given, so the CLI runs without `pg` installed.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import { openFileStore } from '../adapters/file/index.js'
import type { EventStore } from '../store/EventStore.js'
import type { CliFailure } from './CliFailure.js'
import { badInput, fromStoreError } from './CliFailure.js'
import { blockedDirectory, requireStoreDir } from './StoreAccess.js'

/**
 * Whether a store argument is a PostgreSQL URL rather than a directory.
 *
 * @example
 * import { isPostgresUrl } from './src/cli/StoreTarget.js'
 * assert.strictEqual(isPostgresUrl('postgresql://app@db/prod'), true)
 * assert.strictEqual(isPostgresUrl('./foldwise-data'), false)
 *
 * @category targets
 * @since 0.1.0
 */
export const isPostgresUrl = (target: string): boolean => /^postgres(ql)?:\/\//.test(target)

/** The URL with its password hidden, for messages. */
const shown = (target: string): string => target.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@')

/**
 * Opens the store `target` names; `existing` requires a file store to exist already (a source,
 * opened read-only: copying from it never changes it), otherwise a missing directory is created
 * (a destination). The store is closed after `use`.
 *
 * @category targets
 * @since 0.1.0
 */
export const withStoreTarget = <A>(
  target: string,
  options: { readonly existing: boolean; readonly schema: string | undefined },
  use: (store: EventStore) => Effect.Effect<A, CliFailure>,
): Effect.Effect<A, CliFailure> => {
  if (isPostgresUrl(target))
    return Effect.gen(function* () {
      const adapter = yield* Effect.tryPromise({
        try: () => import('../adapters/postgres/index.js'),
        catch: (cause) =>
          badInput(
            `cannot load the PostgreSQL adapter (is pg installed?): ${cause instanceof Error ? cause.message : String(cause)}`,
          ),
      })
      return yield* Effect.acquireUseRelease(
        adapter
          .openPostgresStore({
            connectionString: target,
            maxConnections: 2,
            // A source is only read: its schema is never created or migrated.
            migrate: !options.existing,
            ...(options.schema === undefined ? {} : { schema: options.schema }),
          })
          .pipe(
            Effect.mapError((error) =>
              error._tag === 'InvalidSchemaName'
                ? badInput(`--schema ${error.schema}: ${error.reason}`)
                : fromStoreError(error),
            ),
            Effect.mapError((failure): CliFailure => ({
              _tag: 'CliFailure',
              message: `${shown(target)}: ${failure.message}`,
              exitCode: failure.exitCode,
            })),
          ),
        use,
        (store) => store.close(),
      )
    })
  return Effect.gen(function* () {
    if (options.existing) yield* requireStoreDir(target)
    const blocked = blockedDirectory(target)
    if (blocked !== undefined) return yield* Effect.fail(badInput(blocked))
    return yield* Effect.acquireUseRelease(
      Effect.mapError(
        openFileStore(target, options.existing ? { readOnly: true } : {}),
        fromStoreError,
      ),
      use,
      (store) => store.close(),
    )
  })
}
