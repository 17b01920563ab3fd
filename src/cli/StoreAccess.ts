/**
 * Opening the file store for a command: the directory checked first (so a typo is one clear
 * line, not a new empty store), the store closed whatever happens, store errors turned into
 * CLI failures.
 *
 * @since 0.1.0
 */
import { existsSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { Effect } from 'effect'
import type { FileStore } from '../adapters/file/index.js'
import { openFileStore } from '../adapters/file/index.js'
import { EventStoreService } from '../runtime/index.js'
import type { StoreError } from '../store/StoreError.js'
import { isStoreError } from '../store/StoreError.js'
import type { CliFailure } from './CliFailure.js'
import { badInput, fromStoreError } from './CliFailure.js'
import { writeErrorLine } from './Output.js'

/**
 * Succeeds when `dir` holds a file store; fails with a bad-input failure (exit 2) otherwise.
 *
 * @category opening
 * @since 0.1.0
 */
export const requireStoreDir = (dir: string): Effect.Effect<void, CliFailure> =>
  Effect.suspend(() => {
    if (!existsSync(dir)) return Effect.fail(badInput(`no such directory: ${dir}`))
    if (!statSync(dir).isDirectory()) return Effect.fail(badInput(`not a directory: ${dir}`))
    if (!existsSync(join(dir, 'events.jsonl')))
      return Effect.fail(badInput(`no foldwise store in ${dir} (it has no events.jsonl)`))
    return Effect.void
  })

/**
 * Why a store cannot be created in `dir` (it, or a parent, exists and is not a directory), or
 * `undefined` when it can be tried (a missing directory is created by the store).
 *
 * @category opening
 * @since 0.1.0
 */
export const blockedDirectory = (dir: string): string | undefined => {
  let path = resolve(dir)
  for (;;) {
    if (existsSync(path))
      return statSync(path).isDirectory()
        ? undefined
        : path === resolve(dir)
          ? `not a directory: ${dir}`
          : `not a directory: ${path} (in ${dir})`
    const parent = dirname(path)
    if (parent === path) return undefined
    path = parent
  }
}

/**
 * Store errors as CLI failures (anything else passes through).
 *
 * @category opening
 * @since 0.1.0
 */
export const orCliFailure = <A, E, R>(
  effect: Effect.Effect<A, E | StoreError, R>,
): Effect.Effect<A, Exclude<E, StoreError> | CliFailure, R> =>
  Effect.mapError(effect, (error) =>
    isStoreError(error) ? fromStoreError(error) : (error as Exclude<E, StoreError>),
  )

/**
 * Opens the store in `dir`, runs `use` with it (and the runtime's `EventStoreService` on it),
 * then closes it. A torn tail the open cut is reported on stderr. With `'read-only'` (the
 * commands that only read) nothing in `dir` is created or changed: a torn tail is only
 * reported, and a read-only directory or mount can be read.
 *
 * @category opening
 * @since 0.1.0
 */
export const withFileStore = <A, E, R>(
  dir: string,
  use: (store: FileStore) => Effect.Effect<A, E, R>,
  mode: 'read-only' | 'read-write' = 'read-write',
): Effect.Effect<A, Exclude<E, StoreError> | CliFailure, Exclude<R, EventStoreService>> =>
  orCliFailure(
    Effect.acquireUseRelease(
      openFileStore(dir, { readOnly: mode === 'read-only' }),
      (store) =>
        Effect.flatMap(
          Effect.sync(() => {
            const recovery = store.recovery()
            for (const torn of recovery.tornTails)
              writeErrorLine(
                `foldwise: note: cut a torn tail of ${torn.bytes} bytes at offset ${torn.offset} of ${torn.file} (${torn.reason})`,
              )
            const uncut = recovery.uncutTail
            if (uncut !== undefined)
              writeErrorLine(
                `foldwise: note: a torn tail of ${uncut.bytes} bytes at offset ${uncut.offset} of ${uncut.file} is left in place (read-only; foldwise repair cuts it)`,
              )
          }),
          () => Effect.provide(use(store), EventStoreService.layer(store)),
        ),
      (store) => store.close(),
    ),
  ) as Effect.Effect<A, Exclude<E, StoreError> | CliFailure, Exclude<R, EventStoreService>>

/**
 * `withFileStore` for the commands that only read: nothing in `dir` is created or changed (a
 * torn tail is only reported), so a read-only directory or mount can be read.
 *
 * @category opening
 * @since 0.1.0
 */
export const withReadOnlyFileStore = <A, E, R>(
  dir: string,
  use: (store: FileStore) => Effect.Effect<A, E, R>,
): Effect.Effect<A, Exclude<E, StoreError> | CliFailure, Exclude<R, EventStoreService>> =>
  withFileStore(dir, use, 'read-only')
