/**
 * The store's format marker: a small `format` file, written atomically when a store is created,
 * naming the on-disk format and the lock protocol. Locks of different kinds do not see each
 * other (an OFD lock ignores a `flock`), so versions that lock differently must refuse to share
 * a store rather than corrupt it; the marker is how a version tells.
 *
 * foldwise 0.1 wrote no marker and took `flock` on a file named `lock`. A store of this version
 * has a directory of that name instead, so foldwise 0.1 fails to open it (`EISDIR`); a store
 * with a `lock` *file* is one foldwise 0.1 used, and this version refuses to write to it until
 * an operator, having stopped every foldwise 0.1 process, deletes that file.
 *
 * @since 0.2.0
 */
import { closeSync, constants, lstatSync, mkdirSync, openSync, readFileSync } from 'node:fs'
import type { IncompatibleStore } from '../../store/StoreError.js'
import { incompatibleStore } from '../../store/StoreError.js'
import { storeFiles } from './FileLog.js'
import { writeFileAtomicAsync } from './AtomicWrite.js'
import { syncDirectory } from './FileSystem.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What the `format` file says: the store kind, the on-disk format and the lock protocol.
 *
 * @category model
 * @since 0.2.0
 */
export interface StoreFormat {
  readonly store: string
  readonly format: number
  readonly lock: string
}

/**
 * The format this version reads and writes: log lines as in 0.1 (format 1), locked by
 * `fs-native-extensions` on one byte past the end of `events.jsonl` (`native-log-byte-1`).
 *
 * @category model
 * @since 0.2.0
 */
export const currentStoreFormat: StoreFormat = {
  store: 'foldwise-file-store',
  format: 1,
  lock: 'native-log-byte-1',
}

// -------------------------------------------------------------------------------------
// checking
// -------------------------------------------------------------------------------------

const readMarker = (path: string): string | undefined => {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    return readFileSync(fd, 'utf8')
  } finally {
    closeSync(fd)
  }
}

/** Why the marker's text names a store this version must not share; `undefined` when it may. */
const checkMarker = (text: string): string | undefined => {
  let marker: unknown
  try {
    marker = JSON.parse(text)
  } catch {
    return 'the format file is not JSON; it is not a foldwise file store, or it was damaged'
  }
  const { store, format, lock } = (marker ?? {}) as Partial<Record<keyof StoreFormat, unknown>>
  if (store !== currentStoreFormat.store)
    return `the format file names ${JSON.stringify(store)}, not a foldwise file store`
  if (typeof format !== 'number' || !Number.isInteger(format) || format < 1)
    return `the format file names no valid format (${JSON.stringify(format)})`
  if (format > currentStoreFormat.format)
    return `the store has format ${format}, newer than this version of foldwise reads (${currentStoreFormat.format}): upgrade foldwise`
  if (lock !== currentStoreFormat.lock)
    return `the store is locked with protocol ${JSON.stringify(lock)}, this version locks with ${JSON.stringify(currentStoreFormat.lock)}: the two would not see each other's locks; open it only with the version that wrote it`
  return undefined
}

const legacyLockFile = (path: string): string =>
  `${path} is a file: foldwise 0.1, which locks with flock on that file, has used this store, and its locks and this version's do not see each other. Stop every foldwise 0.1 process using the store, then delete ${path}; this version then adopts the store`

/**
 * Checks the store's format marker before its lock is taken. For `'write'`, a store without a
 * marker that foldwise 0.1 never opened (a new directory, or a log written by hand) is adopted:
 * the `lock` directory and the marker are created. A marker naming another lock protocol or a
 * newer format is refused, for reading too; a `lock` file (foldwise 0.1's) is refused for
 * writing and allowed for reading.
 *
 * @category checking
 * @since 0.2.0
 */
export const checkStoreFormat = async (
  dir: string,
  access: 'read' | 'write',
): Promise<IncompatibleStore | undefined> => {
  const files = storeFiles(dir)
  const text = readMarker(files.format)
  if (text !== undefined) {
    const refused = checkMarker(text)
    if (refused !== undefined) return incompatibleStore(files.format, refused)
  }
  if (access === 'read') return undefined
  const fence = lstatSync(files.lock, { throwIfNoEntry: false })
  if (fence?.isFile() === true) return incompatibleStore(files.lock, legacyLockFile(files.lock))
  if (fence !== undefined && !fence.isDirectory())
    return incompatibleStore(
      files.lock,
      `${files.lock} is neither the store's lock directory nor a file`,
    )
  // I/O failures here are thrown: the opener reports them as StoreUnavailable.
  if (fence === undefined) {
    mkdirSync(files.lock, { recursive: true })
    syncDirectory(dir)
  }
  if (text === undefined)
    await writeFileAtomicAsync(files.format, JSON.stringify(currentStoreFormat) + '\n')
  return undefined
}
