/**
 * Opening a log (for writing, under the exclusive lock: load and check the index or rebuild it,
 * catch up, cut a torn tail, remove dead writers' temporary files; or only for reading, changing
 * nothing) and saving its index.
 *
 * @since 0.1.0
 */
import { closeSync, existsSync, fstatSync, statSync } from 'node:fs'
import type { CorruptStore, IncompatibleStore } from '../../store/StoreError.js'
import type { LogFailure } from './FileLog.js'
import { corruptStore, storeUnavailable } from '../../store/StoreError.js'
import type { FileLog, IndexStatus, OpenLogOptions } from './FileLog.js'
import { catchUp } from './CatchUp.js'
import { readBytes, storeFiles } from './FileLog.js'
import { writeFileAtomicAsync } from './AtomicWrite.js'
import { syncDirectory } from './FileSystem.js'
import type { StoreLock } from './Lock.js'
import { openStoreLock } from './Lock.js'
import { checkStoreFormat } from './StoreFormat.js'
import { hashEventId } from './EventIds.js'
import { checksum } from './LineFormat.js'
import { forEachLine } from './LineReader.js'
import { emptyIndex, encodeIndexFile, endOf, readIndexFile } from './LogIndex.js'
import { checkEntry, entryProblem, openStoreFile, storeEntryKinds } from './StoreEntries.js'
import { removeDeadTemporaries } from './TemporaryFiles.js'

// -------------------------------------------------------------------------------------
// opening and closing
// -------------------------------------------------------------------------------------

const replaced = '(if the log was restored or replaced on purpose, delete events.idx)'

const loadIndex = (
  log: FileLog,
  verifyOnOpen: 'checksums' | 'index',
): IndexStatus | CorruptStore => {
  const read = readIndexFile(storeFiles(log.dir).index)
  if (typeof read === 'string')
    return read === 'missing' && fstatSync(log.fd).size === 0 ? 'new' : 'rebuilt'
  const index = read.index
  const size = fstatSync(log.fd).size
  const end = endOf(index)
  if (end > size)
    return corruptStore(
      log.path,
      size,
      `the log has ${size} bytes but its index lists ${end} committed ${replaced}`,
    )
  if (index.count > 0) {
    const last = readBytes(log.fd, index.offsets[index.count - 1] as number, end)
    if (checksum(last) !== read.lastLineCrc32)
      return corruptStore(
        log.path,
        index.offsets[index.count - 1] as number,
        `the record the index lists last differs from the log ${replaced}`,
      )
  }
  log.committedFloor = end
  if (verifyOnOpen === 'checksums') {
    let position = 0
    let good = true
    forEachLine(log.fd, 0, end, (line) => {
      position++
      good =
        line.header !== undefined &&
        line.header.globalPosition === position &&
        line.offset === index.offsets[position - 1] &&
        hashEventId(line.header.eventId) === index.ids.hashes[position - 1]
      return good
    })
    if (!good || position !== index.count) return 'rebuilt'
  }
  log.index.offsets = index.offsets
  log.index.count = index.count
  log.index.ids = index.ids
  for (const [streamId, held] of index.streams) log.index.streams.set(streamId, held)
  return 'loaded'
}

/**
 * `CorruptStore` for the first of the store's own entries in `dir` that is not what it should
 * be: a symbolic link, or a directory where a file belongs (`events.idx` as a directory).
 *
 * @category opening and closing
 * @since 0.1.0
 */
export const checkStoreEntries = (dir: string): CorruptStore | undefined => {
  for (const [path, kind] of storeEntryKinds(dir)) {
    const wrong = checkEntry(path, kind)
    if (wrong !== undefined) return wrong
  }
  return undefined
}

const newLog = (dir: string, fd: number, lock: StoreLock, readOnly: boolean): FileLog => ({
  dir,
  path: storeFiles(dir).log,
  fd,
  lock,
  readOnly,
  index: emptyIndex(),
  indexStatus: 'new',
  tornTails: [],
  writing: false,
  damage: undefined,
  committedFloor: 0,
  uncutTail: undefined,
  pendingCut: undefined,
})

/** Loads or rebuilds the index and catches up; `locked` cuts a torn tail, else reports it. */
const recover = (
  log: FileLog,
  options: OpenLogOptions | undefined,
  locked: boolean,
): { readonly status: IndexStatus; readonly damage: LogFailure | undefined } => {
  const loadedIndex = loadIndex(log, options?.verifyOnOpen ?? 'checksums')
  let status: IndexStatus = typeof loadedIndex === 'string' ? loadedIndex : 'rebuilt'
  const loaded = log.index.count
  const damage = typeof loadedIndex === 'string' ? catchUp(log, locked) : loadedIndex
  if (status === 'loaded' && log.index.count - loaded > 10_000) status = 'rebuilt'
  return { status, damage }
}

/**
 * Opens (creating when missing) the log in `dir` under the exclusive lock: loads and checks
 * the index or rebuilds it, catches up, cuts a torn tail, removes dead writers' temporary
 * files. A damaged record, or an entry of the store that is a link or of the wrong kind, is
 * `CorruptStore` and nothing is written. Saving a rebuilt index is best effort: a full disk
 * does not stop an open. With `readOnly`, see `openLogReadOnly`.
 *
 * @category opening and closing
 * @since 0.1.0
 */
export const openLog = async (
  dir: string,
  options?: OpenLogOptions,
): Promise<FileLog | LogFailure | IncompatibleStore> => {
  if (options?.readOnly === true) return openLogReadOnly(dir, options)
  const files = storeFiles(dir)
  const wrong = checkStoreEntries(dir)
  if (wrong !== undefined) return wrong
  const incompatible = await checkStoreFormat(dir, 'write')
  if (incompatible !== undefined) return incompatible
  const logCreated = !existsSync(files.log)
  let fd = openStoreFile(files.log, 'append')
  if (typeof fd !== 'number') return fd
  if (logCreated) syncDirectory(dir)
  let lock: StoreLock
  try {
    lock = openStoreLock(dir, 'write')
  } catch (error) {
    closeSync(fd)
    throw error
  }
  let release: () => void
  try {
    const taken = lock.acquire('exclusive')
    release = typeof taken === 'function' ? taken : await taken
  } catch (error) {
    lock.close()
    closeSync(fd)
    throw error
  }
  let outcome: { readonly status: IndexStatus; readonly damage: LogFailure | undefined }
  try {
    // A repair may have renamed a new log over the path between opening and locking.
    if (statSync(files.log).ino !== fstatSync(fd).ino) {
      closeSync(fd)
      fd = -1
      const reopened = openStoreFile(files.log, 'append')
      if (typeof reopened !== 'number') {
        lock.close()
        return reopened
      }
      fd = reopened
    }
    const log = newLog(dir, fd, lock, false)
    outcome = recover(log, options, true)
    if (outcome.damage === undefined) {
      try {
        removeDeadTemporaries([dir, files.snapshots, files.checkpoints])
      } catch {
        // Leftovers never block an open: the next writer's open or a repair removes them.
      }
      log.indexStatus = outcome.status
      if (outcome.status === 'rebuilt') await saveIndex(log).catch(() => undefined)
      return log
    }
  } catch (error) {
    // An I/O error while recovering (a full disk under a tail cut, say): nothing stays held.
    release()
    if (fd >= 0) closeSync(fd)
    lock.close()
    throw error
  } finally {
    release()
  }
  closeSync(fd)
  lock.close()
  return outcome.damage
}

/**
 * Opens the log in `dir` only for reading: no file is created, written, truncated or removed
 * (a read-only directory or mount opens). The log is locked shared (which needs only read
 * access) while it is read. A stale or missing index is rebuilt in memory only; a torn tail is
 * left in place and reported in `uncutTail`.
 *
 * @category opening and closing
 * @since 0.1.0
 */
export const openLogReadOnly = async (
  dir: string,
  options?: OpenLogOptions,
): Promise<FileLog | LogFailure | IncompatibleStore> => {
  const files = storeFiles(dir)
  const wrong = checkStoreEntries(dir)
  if (wrong !== undefined) return wrong
  if (!existsSync(files.log))
    return storeUnavailable(`no file store in ${dir} (${files.log} is missing)`)
  const incompatible = await checkStoreFormat(dir, 'read')
  if (incompatible !== undefined) return incompatible
  const fd = openStoreFile(files.log, 'read')
  if (typeof fd !== 'number') return fd
  let lock: StoreLock
  try {
    lock = openStoreLock(dir, 'read')
  } catch (error) {
    closeSync(fd)
    throw error
  }
  const log = newLog(dir, fd, lock, true)
  let outcome: { readonly status: IndexStatus; readonly damage: LogFailure | undefined }
  let release: () => void
  try {
    const taken = lock.acquire('shared')
    release = typeof taken === 'function' ? taken : await taken
  } catch (error) {
    lock.close()
    closeSync(fd)
    throw error
  }
  try {
    outcome = recover(log, options, false)
  } catch (error) {
    release()
    closeSync(fd)
    lock.close()
    throw error
  } finally {
    release()
  }
  if (outcome.damage === undefined) {
    log.indexStatus = outcome.status
    return log
  }
  closeSync(fd)
  lock.close()
  return outcome.damage
}

/**
 * Why opening would refuse the index file at `path` for the log open as `fd` (it lists more
 * than the log holds, or its last record differs: left by an interrupted repair of an older
 * version, or a log restored without its index); `undefined` when it would not.
 *
 * @category opening and closing
 * @since 0.1.0
 */
export const indexRefusal = (path: string, fd: number, size: number): string | undefined => {
  if (entryProblem(path, 'file') !== undefined) return undefined
  const read = readIndexFile(path)
  if (typeof read === 'string') return undefined
  const end = endOf(read.index)
  if (end > size) return `the index lists ${end} bytes of records but the log has ${size}`
  const count = read.index.count
  if (count > 0) {
    const last = readBytes(fd, read.index.offsets[count - 1] as number, end)
    if (checksum(last) !== read.lastLineCrc32)
      return 'the record the index lists last differs from the log'
  }
  return undefined
}

/**
 * Persists the index beside the log (atomically), so the next open need not rebuild it.
 *
 * @category opening and closing
 * @since 0.1.0
 */
export const saveIndex = async (log: FileLog): Promise<void> => {
  const index = log.index
  const last =
    index.count === 0
      ? ''
      : checksum(readBytes(log.fd, index.offsets[index.count - 1] as number, endOf(index)))
  await writeFileAtomicAsync(storeFiles(log.dir).index, encodeIndexFile(index, last), 'index')
}
