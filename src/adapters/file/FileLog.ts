/**
 * The log of a file store in one process: its open file, its index, and the failure that stops
 * it (damage found, a failed write, the log replaced under it).
 *
 * @since 0.1.0
 */
import { fstatSync, readSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { CorruptStore, StoreUnavailable } from '../../store/StoreError.js'
import { storeUnavailable } from '../../store/StoreError.js'
import type { StoreLock } from './Lock.js'
import type { LogIndex } from './LogIndex.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What cutting a torn tail removed: where it began, how many bytes, why it was torn, the first
 * bytes of it (for the report), and the quarantine file that keeps all of them.
 *
 * @category model
 * @since 0.1.0
 */
export interface TornTail {
  readonly file: string
  readonly offset: number
  readonly bytes: number
  readonly reason: string
  readonly preview: string
  readonly quarantineFile: string
}

/**
 * Why a log refuses every operation until the store is reopened: damage found in it, or a
 * failed write or sync, or the log replaced under this process.
 *
 * @category model
 * @since 0.1.0
 */
export type LogFailure = CorruptStore | StoreUnavailable

/**
 * How opening found the index: loaded and valid, rebuilt (missing, stale or damaged), or new.
 *
 * @category model
 * @since 0.1.0
 */
export type IndexStatus = 'loaded' | 'rebuilt' | 'new'

/**
 * The open log of one process.
 *
 * @category model
 * @since 0.1.0
 */
export interface FileLog {
  readonly dir: string
  readonly path: string
  readonly fd: number
  /** This handle's share of the process's lock on the store. */
  readonly lock: StoreLock
  /** Opened only for reading: nothing is ever created, written, cut or removed through it. */
  readonly readOnly: boolean
  readonly index: LogIndex
  indexStatus: IndexStatus
  readonly tornTails: TornTail[]
  /** Set while this process writes under the lock: catching up would read its own lines. */
  writing: boolean
  /**
   * Set when damage was found, a write or sync failed, or the log was replaced: the log then
   * refuses every operation until the store is reopened (recovery on open decides).
   */
  damage: LogFailure | undefined
  /** The log end the index file vouched for: bytes before it were committed, never torn. */
  committedFloor: number
  /** A torn tail seen but left in place (by a reader, which never cuts): where it starts. */
  uncutTail: UncutTail | undefined
  /**
   * Set after a failed append whose bytes could not be taken back at once: where they lie and
   * their checksum. The next commit (under the lock) cuts them when they are still the whole
   * tail; until then no reader of this process adopts them.
   */
  pendingCut: { readonly from: number; readonly to: number; readonly checksum: string } | undefined
}

/**
 * A torn tail a reader saw and left for a writer or `repair` to cut.
 *
 * @category model
 * @since 0.1.0
 */
export interface UncutTail {
  readonly file: string
  readonly offset: number
  readonly bytes: number
  readonly reason: string
}

/**
 * Options of opening a log.
 *
 * @category model
 * @since 0.1.0
 */
export interface OpenLogOptions {
  /** `'checksums'` (default) checks every line on open; `'index'` trusts a valid index file. */
  readonly verifyOnOpen?: 'checksums' | 'index'
  /**
   * Open only for reading (default `false`): nothing in the directory is created, written,
   * truncated or removed, so a read-only directory or mount can be read. A torn tail is
   * reported (`recovery().uncutTail`), not cut; appends and saves are refused.
   */
  readonly readOnly?: boolean
}

const logName = 'events.jsonl'
const indexName = 'events.idx'
const lockName = 'lock'
const formatName = 'format'

/**
 * The file names of a store directory.
 *
 * @category model
 * @since 0.1.0
 */
export const storeFiles = (dir: string) => ({
  log: join(dir, logName),
  index: join(dir, indexName),
  /** A directory, so that foldwise 0.1 (which locks a file of that name) cannot open the store. */
  lock: join(dir, lockName),
  format: join(dir, formatName),
  snapshots: join(dir, 'snapshots'),
  checkpoints: join(dir, 'checkpoints'),
  quarantine: join(dir, 'quarantine'),
})

// -------------------------------------------------------------------------------------
// failing
// -------------------------------------------------------------------------------------

/**
 * Reads the bytes of `fd` in `[from, to)` (fewer when the file is shorter).
 *
 * @category reading
 * @since 0.1.0
 */
export const readBytes = (fd: number, from: number, to: number): Buffer => {
  const buffer = Buffer.allocUnsafe(to - from)
  let done = 0
  while (done < buffer.length) {
    const got = readSync(fd, buffer, done, buffer.length - done, from + done)
    if (got === 0) return buffer.subarray(0, done)
    done += got
  }
  return buffer
}

/**
 * Poisons the log with `failure` (unless already poisoned) and returns the failure it holds.
 *
 * @category failing
 * @since 0.1.0
 */
export const poison = (log: FileLog, failure: LogFailure): LogFailure => (log.damage ??= failure)

/**
 * Whether `log.path` still names the file this process has open: a repair (or a restore) may
 * have renamed another file over it, and writing to the old one would write to a file nobody
 * will read again. A replaced log poisons this store: it must be reopened. `open` is the
 * `fstat` of the open log when the caller has it.
 *
 * @category failing
 * @since 0.1.0
 */
export const checkNotReplaced = (
  log: FileLog,
  open: { readonly ino: number; readonly dev: number } = fstatSync(log.fd),
): LogFailure | undefined => {
  let named: { readonly ino: number; readonly dev: number } | undefined
  try {
    named = statSync(log.path)
  } catch {
    named = undefined
  }
  if (named !== undefined && named.ino === open.ino && named.dev === open.dev) return undefined
  return poison(
    log,
    storeUnavailable(
      `${log.path} was ${named === undefined ? 'removed' : 'replaced'} by another process (a repair?); reopen the store`,
    ),
  )
}
