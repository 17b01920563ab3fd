/**
 * The log of a file store in one process: its open file, its index, catching up with what
 * other processes appended, and cutting a torn tail.
 *
 * @since 0.1.0
 */
import { fdatasyncSync, fstatSync, ftruncateSync, readSync } from 'node:fs'
import { join } from 'node:path'
import type { CorruptStore } from '../../store/StoreError.js'
import { corruptStore } from '../../store/StoreError.js'
import { tryLockFile, unlockFile } from './FileSystem.js'
import { forEachLine } from './LineReader.js'
import type { LogIndex } from './LogIndex.js'
import { addRecord, checkSequence, endOf } from './LogIndex.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What cutting a torn tail removed: where it began, how many bytes, why it was torn, and the
 * first bytes of it (for the report).
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
}

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
  readonly lockFd: number
  readonly index: LogIndex
  indexStatus: IndexStatus
  readonly tornTails: TornTail[]
  /** Set while this process writes under the lock: catching up would read its own lines. */
  writing: boolean
  /** Set when a damaged record was found: the log refuses every operation. */
  damage: CorruptStore | undefined
  /** The log end the index file vouched for: bytes before it were committed, never torn. */
  committedFloor: number
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
}

const logName = 'events.jsonl'
const indexName = 'events.idx'
const lockName = 'lock'

/**
 * The file names of a store directory.
 *
 * @category model
 * @since 0.1.0
 */
export const storeFiles = (dir: string) => ({
  log: join(dir, logName),
  index: join(dir, indexName),
  lock: join(dir, lockName),
  snapshots: join(dir, 'snapshots'),
  checkpoints: join(dir, 'checkpoints'),
  quarantine: join(dir, 'quarantine'),
})

// -------------------------------------------------------------------------------------
// catching up
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
 * Reads the lines appended after the index's end and adds them. With `locked` (this process
 * holds the exclusive lock, so no writer is active) an invalid tail is torn and cut; without
 * it, reading stops before it. An invalid line followed by a valid one, or a checksummed line
 * out of sequence, is a damaged store.
 *
 * @category catching up
 * @since 0.1.0
 */
export const catchUp = (log: FileLog, locked: boolean): CorruptStore | undefined => {
  if (log.damage !== undefined) return log.damage
  const size = fstatSync(log.fd).size
  const from = endOf(log.index)
  if (size === from) return undefined
  if (size < from)
    return (log.damage = corruptStore(
      log.path,
      size,
      `the log shrank below its committed size ${from}`,
    ))
  let bad:
    { readonly offset: number; readonly reason: string; readonly sequence: boolean } | undefined
  let validAfter: number | undefined
  forEachLine(log.fd, from, size, (line) => {
    if (bad === undefined) {
      const header = line.header
      if (header === undefined) {
        bad = { offset: line.offset, reason: line.damage ?? 'damaged line', sequence: false }
        return true
      }
      const outOfSequence = checkSequence(log.index, header)
      if (outOfSequence === undefined) {
        addRecord(log.index, header.streamId, line.offset, line.next)
        return true
      }
      bad = { offset: line.offset, reason: outOfSequence, sequence: true }
      return false
    }
    if (line.header === undefined) return true
    validAfter = line.offset
    return false
  })
  if (bad === undefined) return undefined
  if (bad.sequence || validAfter !== undefined) {
    const after = validAfter === undefined ? '' : ` (a valid record follows at byte ${validAfter})`
    return (log.damage = corruptStore(log.path, bad.offset, bad.reason + after))
  }
  if (bad.offset < log.committedFloor)
    return (log.damage = corruptStore(
      log.path,
      bad.offset,
      `${bad.reason} in a record the index file lists as committed (not a torn write)`,
    ))
  if (locked) cutTail(log, size, bad.reason)
  return undefined
}

const cutTail = (log: FileLog, size: number, reason: string): void => {
  const offset = endOf(log.index)
  const preview = readBytes(log.fd, offset, Math.min(size, offset + 200)).toString('utf8')
  ftruncateSync(log.fd, offset)
  fdatasyncSync(log.fd)
  log.tornTails.push({ file: log.path, offset, bytes: size - offset, reason, preview })
}

/**
 * Catches up with other processes' appends without blocking: only when the log grew, and only
 * under a shared lock, so what it reads is complete and synced. When a writer holds the lock,
 * the read is left for later (the reader sees a consistent, slightly older prefix).
 *
 * @category catching up
 * @since 0.1.0
 */
export const refresh = (log: FileLog, readerLockFd: number): CorruptStore | undefined => {
  if (log.damage !== undefined) return log.damage
  if (log.writing || fstatSync(log.fd).size === endOf(log.index)) return undefined
  if (!tryLockFile(readerLockFd, 'sh')) return undefined
  try {
    return catchUp(log, false)
  } finally {
    unlockFile(readerLockFd)
  }
}
