/**
 * The few file-system steps the file store builds on: durable small-file replacement, directory
 * syncs, and the cross-process lock (`flock` from the `fs-ext` native addon).
 *
 * @since 0.1.0
 */
import { closeSync, fdatasync, fsyncSync, mkdirSync, openSync, write } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'

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

/**
 * A one-line description of an I/O error.
 *
 * @category durable writes
 * @since 0.1.0
 */
export const describeError = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)
