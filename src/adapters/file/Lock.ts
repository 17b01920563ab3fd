/**
 * The cross-process lock of a file store: one byte far past the end of `events.jsonl`, locked
 * with the platform's own file lock through `fs-native-extensions` (an OFD lock on Linux,
 * `flock` on macOS, `LockFileEx` on Windows; prebuilt, no compiler). The log itself is locked,
 * not a lock file, so no operator can "clear" the lock without deleting the store, and a log
 * replaced by a repair or a restore is noticed: after every lock taken, the locked file must
 * still be the one the path names (`fstat` of the fd against `lstat` of the path), or the lock is
 * dropped and taken again on the file the path names now.
 *
 * One holder per store directory per process (keyed by the directory's device and inode), shared
 * by every handle, queues the process's requests: OFD locks of two descriptors of one process
 * exclude each other, and a handle waiting in the kernel for a lock another handle of its own
 * process holds would never be served. Waiting for another process polls (a non-blocking try,
 * backing off from 1 ms to 4 ms), so no libuv thread-pool thread is ever parked on a lock: with
 * a blocking wait in the pool, 5 handles of one process stopped every write (issue 10, finding 1).
 *
 * @since 0.2.0
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { lockByte, rangesWork, tryNative, unlockNative, waitingRoomByte } from './NativeLock.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What a lock is taken for: `'exclusive'` to write (or repair), `'shared'` to read a consistent
 * prefix.
 *
 * @category model
 * @since 0.2.0
 */
export type LockMode = 'exclusive' | 'shared'

/**
 * Gives a lock back. Calling it again does nothing.
 *
 * @category model
 * @since 0.2.0
 */
export type Release = () => void

/**
 * A handle's share of its process's lock holder for one store directory.
 *
 * @category model
 * @since 0.2.0
 */
export interface StoreLock {
  /** Takes the lock: at once (a function) when free, else a promise of it, after the queue. */
  readonly acquire: (mode: LockMode) => Release | Promise<Release>
  /** Takes the lock only when that needs no waiting; `undefined` otherwise. */
  readonly tryAcquire: (mode: LockMode) => Release | undefined
  /** Ends this handle's share (the holder closes with its last share). Call once. */
  readonly close: () => void
}

interface Waiter {
  readonly mode: LockMode
  readonly grant: (release: Release) => void
  readonly fail: (error: unknown) => void
}

interface Holder {
  readonly key: string
  readonly path: string
  fd: number | undefined
  /** The device and inode of `fd`'s file, read once when it is opened. */
  opened: { readonly dev: number; readonly ino: number }
  writable: boolean
  shares: number
  writers: number
  exclusive: boolean
  shared: number
  os: 'none' | LockMode
  inWaitingRoom: boolean
  /** When the waiting room was last found empty (it is looked into at most once a millisecond). */
  nobodyWaitedAt: number
  readonly queue: Waiter[]
  timer: ReturnType<typeof setTimeout> | undefined
  delay: number
}

// -------------------------------------------------------------------------------------
// the holder
// -------------------------------------------------------------------------------------

// Process-wide on purpose: the kernel's lock belongs to the process (its open descriptions),
// so every handle of the process, whatever layer or path string opened it, must share one.
const holders = new Map<string, Holder>()

const firstDelayMs = 1
const maxDelayMs = 4
/** How long a process that sees another waiting leaves the lock alone: longer than any poll. */
const courtesyMs = 6
const maxReopens = 8

const noFollow = constants.O_NOFOLLOW ?? 0

const closeFd = (holder: Holder): void => {
  if (holder.fd !== undefined) closeSync(holder.fd)
  holder.fd = undefined
  holder.inWaitingRoom = false
}

/** Opens the log the path names now: for writing when an exclusive lock is wanted. */
const openFd = (holder: Holder, mode: LockMode): number => {
  if (holder.fd !== undefined && (mode === 'shared' || holder.writable)) return holder.fd
  closeFd(holder)
  const writable = mode === 'exclusive' || holder.writers > 0
  const fd = openSync(holder.path, (writable ? constants.O_RDWR : constants.O_RDONLY) | noFollow)
  holder.fd = fd
  holder.writable = writable
  const { dev, ino } = fstatSync(fd)
  holder.opened = { dev, ino }
  return fd
}

/** Whether the path still names the file the holder has open. */
const isSameFile = (holder: Holder): boolean => {
  const named = lstatSync(holder.path, { throwIfNoEntry: false })
  return named !== undefined && named.ino === holder.opened.ino && named.dev === holder.opened.dev
}

/** Takes the kernel lock (nothing of it is held): `false` when another process has it. */
const takeOs = (holder: Holder, mode: LockMode): boolean => {
  for (let attempt = 0; attempt < maxReopens; attempt++) {
    const fd = openFd(holder, mode)
    if (!tryNative(fd, lockByte, mode)) return false
    if (isSameFile(holder)) {
      holder.os = mode
      if (holder.inWaitingRoom) {
        unlockNative(fd, waitingRoomByte)
        holder.inWaitingRoom = false
      }
      return true
    }
    // The log was replaced (a repair renamed a new one over it) or removed: lock the file the
    // path names now; the handles then find their own descriptor stale and refuse.
    unlockNative(fd, lockByte)
    closeFd(holder)
  }
  throw new Error(`${holder.path} keeps changing while it is being locked`)
}

const releaseOs = (holder: Holder): void => {
  if (holder.os !== 'none' && holder.fd !== undefined) unlockNative(holder.fd, lockByte)
  holder.os = 'none'
}

/** Whether another process waits for the lock (only where byte ranges work). */
const othersWaiting = (holder: Holder): boolean => {
  // Testing for waiters takes the byte exclusively, which needs a descriptor open for writing.
  if (!rangesWork || holder.fd === undefined || !holder.writable) return false
  // Waiters poll no faster than once a millisecond: looking more often would find nobody new,
  // and costs two system calls on the path of every sequential append.
  const now = Date.now()
  if (now - holder.nobodyWaitedAt < 1) return false
  if (!tryNative(holder.fd, waitingRoomByte, 'exclusive')) return true
  unlockNative(holder.fd, waitingRoomByte)
  holder.nobodyWaitedAt = now
  return false
}

const enterWaitingRoom = (holder: Holder): void => {
  if (!rangesWork || holder.inWaitingRoom || holder.fd === undefined) return
  holder.inWaitingRoom = tryNative(holder.fd, waitingRoomByte, 'shared')
}

const schedule = (holder: Holder, delay: number): void => {
  if (holder.timer !== undefined) return
  holder.timer = setTimeout(() => {
    holder.timer = undefined
    dispatch(holder)
  }, delay)
}

const backOff = (holder: Holder): void => {
  enterWaitingRoom(holder)
  holder.delay = holder.delay === 0 ? firstDelayMs : Math.min(maxDelayMs, holder.delay * 2)
  // A little jitter, so two waiting processes do not poll in step.
  schedule(holder, holder.delay * (0.75 + Math.random() * 0.25))
}

const closeIfUnused = (holder: Holder): void => {
  if (holder.shares > 0 || holder.exclusive || holder.shared > 0 || holder.queue.length > 0) return
  if (holder.timer !== undefined) clearTimeout(holder.timer)
  holder.timer = undefined
  releaseOs(holder)
  closeFd(holder)
  if (holders.get(holder.key) === holder) holders.delete(holder.key)
}

const releaser = (holder: Holder, mode: LockMode): Release => {
  let released = false
  return () => {
    if (released) return
    released = true
    if (mode === 'exclusive') holder.exclusive = false
    else holder.shared--
    if (holder.exclusive || holder.shared > 0) return
    releaseOs(holder)
    // Another process waiting gets its turn: this one leaves the lock alone for longer than a
    // waiter's poll (its next requests queue meanwhile), else a busy process would keep it.
    if (othersWaiting(holder)) {
      if (holder.queue.length > 0) enterWaitingRoom(holder)
      return schedule(holder, courtesyMs)
    }
    if (holder.queue.length === 0) return closeIfUnused(holder)
    dispatch(holder)
  }
}

/** Takes the kernel lock for `mode` if the process does not hold it already in a fitting mode. */
const take = (holder: Holder, mode: LockMode): boolean => {
  if (mode === 'exclusive') return !holder.exclusive && holder.shared === 0 && takeOs(holder, mode)
  if (holder.exclusive) return false
  return holder.os === 'shared' || takeOs(holder, mode)
}

const grant = (holder: Holder, mode: LockMode): Release => {
  holder.delay = 0
  if (mode === 'exclusive') holder.exclusive = true
  else holder.shared++
  return releaser(holder, mode)
}

/** Serves the queue in order while its head can be served. */
const dispatch = (holder: Holder): void => {
  while (holder.queue.length > 0 && holder.timer === undefined) {
    const head = holder.queue[0] as Waiter
    if (head.mode === 'exclusive' ? holder.exclusive || holder.shared > 0 : holder.exclusive) return
    let taken: boolean
    try {
      taken = take(holder, head.mode)
    } catch (error) {
      holder.queue.shift()
      head.fail(error)
      continue
    }
    if (!taken) return backOff(holder)
    holder.queue.shift()
    head.grant(grant(holder, head.mode))
  }
  closeIfUnused(holder)
}

const share = (holder: Holder, access: 'read' | 'write'): StoreLock => {
  let closed = false
  holder.shares++
  if (access === 'write') holder.writers++
  return {
    acquire: (mode) => {
      if (holder.queue.length === 0 && holder.timer === undefined && take(holder, mode))
        return grant(holder, mode)
      return new Promise<Release>((resolve, reject) => {
        holder.queue.push({ mode, grant: resolve, fail: reject })
        if (
          holder.queue.length === 1 &&
          holder.timer === undefined &&
          !holder.exclusive &&
          holder.shared === 0
        )
          backOff(holder)
      })
    },
    tryAcquire: (mode) =>
      holder.queue.length === 0 && holder.timer === undefined && take(holder, mode)
        ? grant(holder, mode)
        : undefined,
    close: () => {
      if (closed) return
      closed = true
      holder.shares--
      if (access === 'write') holder.writers--
      closeIfUnused(holder)
    },
  }
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * This handle's share of the process's lock on the store in `dir` (whose `events.jsonl` must
 * exist). `'read'` needs only read access to the log, so a read-only directory or mount can be
 * locked for reading. Throws the I/O error when the log cannot be opened.
 *
 * @category constructors
 * @since 0.2.0
 */
export const openStoreLock = (dir: string, access: 'read' | 'write'): StoreLock => {
  const stat = statSync(dir, { bigint: true })
  const key = `${stat.dev}:${stat.ino}`
  let holder = holders.get(key)
  if (holder === undefined) {
    holder = {
      key,
      path: join(dir, 'events.jsonl'),
      fd: undefined,
      opened: { dev: 0, ino: 0 },
      writable: false,
      shares: 0,
      writers: 0,
      exclusive: false,
      shared: 0,
      os: 'none',
      inWaitingRoom: false,
      nobodyWaitedAt: 0,
      queue: [],
      timer: undefined,
      delay: 0,
    }
    holders.set(key, holder)
  }
  const opened = share(holder, access)
  try {
    // Opened now so a missing or unreadable log fails the open; a writer joining a holder whose
    // descriptor is read-only reopens it at its first exclusive lock, when nothing is held.
    if (holder.fd === undefined) openFd(holder, access === 'write' ? 'exclusive' : 'shared')
  } catch (error) {
    opened.close()
    throw error
  }
  return opened
}

/**
 * Takes the lock on the store in `dir` once (for `verify` and `repair`); the release also ends
 * the share.
 *
 * @category constructors
 * @since 0.2.0
 */
export const lockStore = async (dir: string, mode: LockMode): Promise<Release> => {
  const lock = openStoreLock(dir, mode === 'exclusive' ? 'write' : 'read')
  let release: Release
  try {
    release = await lock.acquire(mode)
  } catch (error) {
    lock.close()
    throw error
  }
  return () => {
    release()
    lock.close()
  }
}
