/**
 * The few file-system steps the file store builds on: durable small-file replacement, directory
 * syncs, and the cross-process lock (`flock` from the `fs-ext` native addon).
 *
 * @since 0.1.0
 */
import { closeSync, fdatasync, fsyncSync, mkdirSync, openSync, write } from 'node:fs'
import { open, rename, unlink } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { basename, dirname, join } from 'node:path'
import { Effect } from 'effect'
import type { StoreError } from '../../store/StoreError.js'
import { storeUnavailable } from '../../store/StoreError.js'

// -------------------------------------------------------------------------------------
// locking
// -------------------------------------------------------------------------------------

interface FsExt {
  readonly flock: (
    fd: number,
    flags: 'ex' | 'sh' | 'un',
    callback: (error: NodeJS.ErrnoException | null) => void,
  ) => void
  readonly flockSync: (fd: number, flags: 'exnb' | 'shnb' | 'un') => void
}

// fs-ext is CommonJS with a native binding; loaded lazily so importing the module stays cheap.
let fsExt: FsExt | undefined
const loadFsExt = (): FsExt => (fsExt ??= createRequire(import.meta.url)('fs-ext') as FsExt)

/**
 * Takes the `flock` on `fd`, exclusive or shared: at once when free, else waiting in the thread
 * pool. The kernel drops the lock when the holder's process dies, even by `kill -9`.
 *
 * @category locking
 * @since 0.1.0
 */
export const lockFile = (fd: number, mode: 'ex' | 'sh'): Promise<void> | undefined => {
  if (tryLockFile(fd, mode)) return undefined
  const ext = loadFsExt()
  return new Promise((resolve, reject) =>
    ext.flock(fd, mode, (error) => (error ? reject(error) : resolve())),
  )
}

/**
 * Takes the `flock` on `fd` only when it is free at once; `false` when another holder has it.
 *
 * @category locking
 * @since 0.1.0
 */
export const tryLockFile = (fd: number, mode: 'ex' | 'sh'): boolean => {
  try {
    loadFsExt().flockSync(fd, mode === 'ex' ? 'exnb' : 'shnb')
    return true
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EAGAIN' || code === 'EWOULDBLOCK') return false
    throw error
  }
}

/**
 * Releases the `flock` held on `fd`.
 *
 * @category locking
 * @since 0.1.0
 */
export const unlockFile = (fd: number): void => loadFsExt().flockSync(fd, 'un')

// -------------------------------------------------------------------------------------
// durable writes
// -------------------------------------------------------------------------------------

const writeAsync = (
  fd: number,
  buffer: Uint8Array,
  offset: number,
  length: number,
): Promise<number> =>
  new Promise((resolve, reject) =>
    write(fd, buffer, offset, length, null, (error, written) =>
      error ? reject(error) : resolve(written),
    ),
  )

/**
 * Writes all of `bytes` at the end of `fd` (opened for appending) and waits for `fdatasync`.
 *
 * @category durable writes
 * @since 0.1.0
 */
export const appendDurably = async (fd: number, bytes: Uint8Array): Promise<void> => {
  let done = 0
  while (done < bytes.length) done += await writeAsync(fd, bytes, done, bytes.length - done)
  await new Promise<void>((resolve, reject) =>
    fdatasync(fd, (error) => (error ? reject(error) : resolve())),
  )
}

/**
 * Syncs a directory so a file created or renamed in it survives a crash.
 *
 * @category durable writes
 * @since 0.1.0
 */
export const syncDirectory = (dir: string): void => {
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/**
 * Creates `dir` (and its parents) when missing, syncing the parent of each directory made.
 *
 * @category durable writes
 * @since 0.1.0
 */
export const ensureDirectory = (dir: string): void => {
  const first = mkdirSync(dir, { recursive: true })
  if (first === undefined) return
  let made = dir
  while (true) {
    syncDirectory(dirname(made))
    if (made === first || dirname(made) === made) break
    made = dirname(made)
  }
}

let temporaryCounter = 0

const writeFileAtomicPromise = async (path: string, bytes: Uint8Array | string): Promise<void> => {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${++temporaryCounter}.tmp`,
  )
  const handle = await open(temporary, 'wx')
  try {
    await handle.writeFile(bytes)
    await handle.sync()
  } catch (error) {
    await handle.close()
    await unlink(temporary).catch(() => undefined)
    throw error
  }
  await handle.close()
  await rename(temporary, path)
  const dirHandle = await open(dirname(path), 'r')
  try {
    await dirHandle.sync()
  } finally {
    await dirHandle.close()
  }
}

/**
 * Replaces the file at `path` with `bytes` atomically and durably: writes a temporary file
 * beside it, syncs it, renames it over `path`, then syncs the directory. A reader sees the old
 * content or the new, never a mix; after a crash, one of the two.
 *
 * @example
 * import { Effect } from 'effect'
 * import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { writeFileAtomic } from './src/adapters/file/FileSystem.js'
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
    try: () => writeFileAtomicPromise(path, bytes),
    catch: (error) => storeUnavailable(`cannot write ${path}: ${describeError(error)}`),
  })

/** @internal */
export const writeFileAtomicAsync = writeFileAtomicPromise

/**
 * A one-line description of an I/O error.
 *
 * @category durable writes
 * @since 0.1.0
 */
export const describeError = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)
