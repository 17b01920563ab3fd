/**
 * Opening a log (under the exclusive lock: load and check the index or rebuild it, catch up,
 * cut a torn tail) and saving its index.
 *
 * @since 0.1.0
 */
import { closeSync, existsSync, fstatSync, openSync, statSync } from 'node:fs'
import type { CorruptStore, IncompatibleStore } from '../../store/StoreError.js'
import type { LogFailure } from './FileLog.js'
import { corruptStore } from '../../store/StoreError.js'
import type { FileLog, IndexStatus, OpenLogOptions } from './FileLog.js'
import { catchUp } from './CatchUp.js'
import { readBytes, storeFiles } from './FileLog.js'
import { syncDirectory, writeFileAtomicAsync } from './FileSystem.js'
import type { Release, StoreLock } from './Lock.js'
import { openStoreLock } from './Lock.js'
import { checkStoreFormat } from './StoreFormat.js'
import { hashEventId } from './EventIds.js'
import { checksum } from './LineFormat.js'
import { forEachLine } from './LineReader.js'
import { emptyIndex, encodeIndexFile, endOf, readIndexFile } from './LogIndex.js'

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
 * Opens (creating when missing) the log in `dir` under the exclusive lock: loads and checks
 * the index or rebuilds it, catches up, cuts a torn tail. A damaged record is `CorruptStore`
 * and nothing is written.
 *
 * @category opening and closing
 * @since 0.1.0
 */
export const openLog = async (
  dir: string,
  options?: OpenLogOptions,
): Promise<FileLog | LogFailure | IncompatibleStore> => {
  const files = storeFiles(dir)
  const incompatible = await checkStoreFormat(dir, 'write')
  if (incompatible !== undefined) return incompatible
  const logCreated = !existsSync(files.log)
  let fd = openSync(files.log, 'a+')
  if (logCreated) syncDirectory(dir)
  let lock: StoreLock
  let release: Release
  try {
    lock = openStoreLock(dir, 'write')
    try {
      release = await lock.acquire('exclusive')
    } catch (error) {
      lock.close()
      throw error
    }
  } catch (error) {
    closeSync(fd)
    throw error
  }
  // A repair may have renamed a new log over the path between opening and locking.
  if (statSync(files.log).ino !== fstatSync(fd).ino) {
    closeSync(fd)
    fd = openSync(files.log, 'a+')
  }
  const log: FileLog = {
    dir,
    path: files.log,
    fd,
    lock,
    index: emptyIndex(),
    indexStatus: 'new',
    tornTails: [],
    writing: false,
    damage: undefined,
    committedFloor: 0,
  }
  let status: IndexStatus
  let damage: LogFailure | undefined
  try {
    const loadedIndex = loadIndex(log, options?.verifyOnOpen ?? 'checksums')
    status = typeof loadedIndex === 'string' ? loadedIndex : 'rebuilt'
    const loaded = log.index.count
    damage = typeof loadedIndex === 'string' ? catchUp(log, true) : loadedIndex
    if (status === 'loaded' && log.index.count - loaded > 10_000) status = 'rebuilt'
  } finally {
    release()
  }
  if (damage !== undefined) {
    closeSync(fd)
    lock.close()
    return damage
  }
  log.indexStatus = status
  if (status === 'rebuilt') await saveIndex(log)
  return log
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
  await writeFileAtomicAsync(storeFiles(log.dir).index, encodeIndexFile(index, last))
}
