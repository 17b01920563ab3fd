/**
 * The file store opened without effect in user code. One naming rule across the adapters:
 * `make*` builds synchronously (`makeMemoryStore`), `open*` acquires resources (files, locks,
 * connections) and returns an Effect, and the Promise twin of an opener is the same name
 * ending in `Promise`, resolving to an fp-ts `Either` (a store error is `Left`; the promise
 * rejects only on a defect), like every Promise face of foldwise.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import type { Either } from 'fp-ts/lib/Either.js'
import { left, right } from 'fp-ts/lib/Either.js'
import type { StoreError } from '../../store/StoreError.js'
import type { FileStore, FileStoreOptions } from './FileStore.js'
import { openFileStore } from './FileStore.js'

/**
 * Opens the file store in `dir` (see `openFileStore`), as a Promise.
 *
 * @example
 * import { mkdtempSync, rmSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { openFileStorePromise } from 'foldwise/adapters/file'
 * import { toPromiseStore } from 'foldwise/store'
 * const dir = mkdtempSync(join(tmpdir(), 'foldwise-'))
 * const opened = await openFileStorePromise(dir)
 * assert.strictEqual(opened._tag, 'Right')
 * if (opened._tag === 'Right') await toPromiseStore(opened.right).close()
 * rmSync(dir, { recursive: true })
 *
 * @category constructors
 * @since 0.1.0
 */
export const openFileStorePromise = (
  dir: string,
  options?: FileStoreOptions,
): Promise<Either<StoreError, FileStore>> =>
  Effect.runPromise(
    Effect.match(openFileStore(dir, options), { onFailure: left, onSuccess: right }),
  )
