/**
 * Replacing a small file atomically and durably: the index, snapshots, checkpoints. Every step
 * is a fault point, and whatever a crash between two steps leaves is the old file or the new
 * one, plus at most a dead writer's temporary file (removed under the exclusive lock, reported
 * by `verify` as a warning).
 *
 * @since 0.1.0
 */
import { close, fsync, rename, unlink, write } from 'node:fs'
import { dirname } from 'node:path'
import { promisify } from 'node:util'
import { Effect } from 'effect'
import type { StoreError } from '../../store/StoreError.js'
import { storeUnavailable } from '../../store/StoreError.js'
import { faultPoint } from './FaultPoints.js'
import { describeError, syncDirectory } from './FileSystem.js'
import { createTemporary } from './TemporaryFiles.js'

const writeAsync = promisify(write)
const fsyncAsync = promisify(fsync)
const closeAsync = promisify(close)
const renameAsync = promisify(rename)
const unlinkAsync = promisify(unlink)

/**
 * What is being replaced, naming its fault points (`index:after-rename`...); `file` for a
 * caller's own file, which has none.
 *
 * @category model
 * @since 0.1.0
 */
export type AtomicKind = 'index' | 'snapshot' | 'checkpoint' | 'file'

const step = (kind: AtomicKind, name: 'after-temp-create' | 'after-temp-sync' | 'after-rename') => {
  if (kind !== 'file') faultPoint(`${kind}:${name}`)
}

/**
 * Replaces `path` with `bytes` (see `writeFileAtomic`), as a Promise that rejects on an I/O
 * error; the temporary file is removed when a step fails.
 *
 * @category durable writes
 * @since 0.1.0
 */
export const writeFileAtomicAsync = async (
  path: string,
  bytes: Uint8Array | string,
  kind: AtomicKind = 'file',
): Promise<void> => {
  const temporary = createTemporary(path)
  step(kind, 'after-temp-create')
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes
  try {
    let done = 0
    while (done < data.length)
      done += (await writeAsync(temporary.fd, data, done, data.length - done)).bytesWritten
    await fsyncAsync(temporary.fd)
    step(kind, 'after-temp-sync')
    // Renamed while still open and locked: a cleaner never takes a live writer's file.
    await renameAsync(temporary.path, path)
  } catch (error) {
    await unlinkAsync(temporary.path).catch(() => undefined)
    throw error
  } finally {
    await closeAsync(temporary.fd)
  }
  step(kind, 'after-rename')
  syncDirectory(dirname(path))
}

/**
 * Replaces the file at `path` with `bytes` atomically and durably: writes a temporary file
 * beside it (a fresh name per attempt), syncs it, renames it over `path`, then syncs the
 * directory. A reader sees the old content or the new, never a mix; after a crash, one of the
 * two.
 *
 * @example
 * import { Effect } from 'effect'
 * import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { writeFileAtomic } from './src/adapters/file/AtomicWrite.js'
 * const dir = mkdtempSync(join(tmpdir(), 'atomic-'))
 * Effect.runPromise(writeFileAtomic(join(dir, 'a.json'), '{"n":1}')).then(() => {
 *   assert.strictEqual(readFileSync(join(dir, 'a.json'), 'utf8'), '{"n":1}')
 *   rmSync(dir, { recursive: true })
 * })
 *
 * @category durable writes
 * @since 0.1.0
 */
export const writeFileAtomic = (
  path: string,
  bytes: Uint8Array | string,
): Effect.Effect<void, StoreError> =>
  Effect.tryPromise({
    try: () => writeFileAtomicAsync(path, bytes),
    catch: (error) => storeUnavailable(`cannot write ${path}: ${describeError(error)}`),
  })
