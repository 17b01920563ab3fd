/**
 * The operating system's file lock on one byte, through `fs-native-extensions` (prebuilt; no
 * compiler): an OFD `fcntl` lock on Linux, `flock` on macOS (the whole file: no byte ranges),
 * `LockFileEx` on Windows. Never waits: `Lock.ts` polls, so no thread-pool thread is parked.
 *
 * @since 0.2.0
 */
import { createRequire } from 'node:module'

// -------------------------------------------------------------------------------------
// locking
// -------------------------------------------------------------------------------------

interface NativeLocks {
  readonly tryLock: (
    fd: number,
    offset: number,
    length: number,
    options: { readonly shared: boolean },
  ) => boolean
  readonly unlock: (fd: number, offset: number, length: number) => void
}

// CommonJS with a prebuilt binding: loaded on first use, so importing the module stays cheap.
let native: NativeLocks | undefined
const loadNative = (): NativeLocks =>
  (native ??= createRequire(import.meta.url)('fs-native-extensions') as NativeLocks)

/**
 * The locked byte: far past any log, so Windows' mandatory locks never block a read.
 *
 * @category locking
 * @since 0.2.0
 */
export const lockByte = 2 ** 52
/**
 * Held shared by every process waiting for `lockByte`, so a holder can see it is wanted.
 *
 * @category locking
 * @since 0.2.0
 */
export const waitingRoomByte = lockByte + 1
/**
 * Whether byte ranges work: with OFD locks and `LockFileEx`; `flock` (macOS) locks the file.
 *
 * @category locking
 * @since 0.2.0
 */
export const rangesWork = process.platform === 'linux' || process.platform === 'win32'

/**
 * Locks the byte at `at` of `fd` when that needs no waiting; `false` when another holds it.
 *
 * @category locking
 * @since 0.2.0
 */
export const tryNative = (fd: number, at: number, mode: 'exclusive' | 'shared'): boolean => {
  try {
    return loadNative().tryLock(fd, at, 1, { shared: mode === 'shared' })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // POSIX allows EACCES for a conflict; libuv maps Windows' lock violation to EBUSY.
    if (code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EACCES' || code === 'EBUSY')
      return false
    throw error
  }
}

/**
 * Unlocks the byte at `at` of `fd`.
 *
 * @category locking
 * @since 0.2.0
 */
export const unlockNative = (fd: number, at: number): void => loadNative().unlock(fd, at, 1)

/**
 * Locks a new file (a log about to be renamed over the store's) before it replaces the log, so
 * a process that opens the replacement waits for the one replacing it. The file is private to
 * the caller, so the lock is free; returns its release.
 *
 * @category constructors
 * @since 0.2.0
 */
export const lockReplacement = (fd: number): (() => void) => {
  if (!tryNative(fd, lockByte, 'exclusive')) throw new Error('the replacement log is locked')
  let released = false
  return () => {
    if (released) return
    released = true
    unlockNative(fd, lockByte)
  }
}

/**
 * Takes an exclusive lock on a private file (a temporary file's writer claims it this way) only
 * when it is free at once; `false` when another descriptor holds it (its writer is alive).
 *
 * @category locking
 * @since 0.2.0
 */
export const tryLockPrivateFile = (fd: number): boolean => tryNative(fd, lockByte, 'exclusive')
