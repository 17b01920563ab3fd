/**
 * `verifyFileStore`: a read-only check of a whole store directory, for `foldwise verify`.
 *
 * @since 0.1.0
 */
import { closeSync, existsSync, fstatSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Effect } from 'effect'
import type { StoreError } from '../../store/StoreError.js'
import { storeUnavailable } from '../../store/StoreError.js'
import { storeFiles } from './FileLog.js'
import { describeError } from './FileSystem.js'
import { lockStore } from './Lock.js'
import { checkStoreFormat } from './StoreFormat.js'
import { readIndexFile } from './LogIndex.js'
import { indexRefusal } from './OpenLog.js'
import type { DamagedRecord, LogScan } from './ScanLog.js'
import { scanLog } from './ScanLog.js'
import { decodeSmallFile, smallFileName } from './SmallFiles.js'
import { describeWrongEntries, entryProblem, openStoreFile } from './StoreEntries.js'
import { isTemporaryName, listTemporaries } from './TemporaryFiles.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The state of the index file against the log: `valid`; `behind` (a prefix, caught up on
 * open); `stale`, `missing` or `damaged` (rebuilt on open). None of these loses data.
 *
 * @category model
 * @since 0.1.0
 */
export type IndexCheck = 'valid' | 'behind' | 'stale' | 'missing' | 'damaged'

/**
 * What `verifyFileStore` found. `ok` is false when a record is damaged, a tail is torn, a
 * snapshot or checkpoint is damaged or inconsistent, an entry of the store is a symbolic link
 * or of the wrong kind, or the index disagrees with the log so that opening refuses it (each
 * listed in `problems`). Leftover temporary files are `warnings` only.
 *
 * @category model
 * @since 0.1.0
 */
export interface VerifyReport {
  readonly dir: string
  readonly logBytes: number
  readonly records: number
  readonly streams: number
  readonly tornTail: DamagedRecord | undefined
  readonly damaged: ReadonlyArray<DamagedRecord>
  readonly index: IndexCheck
  readonly snapshots: number
  readonly checkpoints: number
  readonly problems: ReadonlyArray<string>
  /**
   * What needs no repair but is worth knowing: temporary files left by interrupted writes
   * (removed by the next writer's open or by `repair`), an index that will be rebuilt.
   */
  readonly warnings: ReadonlyArray<string>
  readonly ok: boolean
}

/**
 * Options of verification.
 *
 * @category model
 * @since 0.1.0
 */
export interface VerifyOptions {
  /** Called now and then with the bytes of the log checked so far and its size. */
  readonly onProgress?: (done: number, total: number) => void
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

/** How the index file at `path` stands against a scan of the log. */
const checkIndexFile = (path: string, scan: LogScan): IndexCheck => {
  if (entryProblem(path, 'file') !== undefined) return 'damaged'
  const read = readIndexFile(path)
  if (read === 'missing') return 'missing'
  // An index of an older format is rebuilt on open, like a stale one.
  if (read === 'unknown format') return 'stale'
  if (typeof read === 'string') return 'damaged'
  const { index } = read
  if (index.count > scan.offsets.length) return 'stale'
  for (let i = 0; i < index.count; i++) if (index.offsets[i] !== scan.offsets[i]) return 'stale'
  return index.count === scan.offsets.length ? 'valid' : 'behind'
}

const listFiles = (dir: string): ReadonlyArray<string> =>
  existsSync(dir) && entryProblem(dir, 'directory') === undefined
    ? readdirSync(dir)
        .filter((name) => !isTemporaryName(name))
        .sort()
    : []

const checkSmallFiles = (
  dir: string,
  key: 'snapshot' | 'checkpoint',
  check: (payload: { readonly [field: string]: unknown }) => string | undefined,
  problems: string[],
): number => {
  let count = 0
  for (const name of listFiles(dir)) {
    const path = join(dir, name)
    count++
    const wrong = entryProblem(path, 'file')
    if (wrong !== undefined) {
      problems.push(`${path} ${wrong}`)
      continue
    }
    const payload = decodeSmallFile(key, readSmallFileBytes(path))
    if (typeof payload === 'string') problems.push(`${path}: damaged ${key}: ${payload}`)
    else if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
      problems.push(`${path}: ${key} is not an object`)
    else {
      const id = (payload as { readonly [field: string]: unknown })[
        key === 'snapshot' ? 'streamId' : 'name'
      ]
      if (typeof id !== 'string' || smallFileName(id) !== name)
        problems.push(`${path}: file name does not match its ${key}`)
      const problem = check(payload as { readonly [field: string]: unknown })
      if (problem !== undefined) problems.push(`${path}: ${problem}`)
    }
  }
  return count
}

const readSmallFileBytes = (path: string): Buffer => {
  const fd = openStoreFile(path, 'read')
  if (typeof fd !== 'number') return Buffer.alloc(0)
  try {
    return readFileSync(fd)
  } finally {
    closeSync(fd)
  }
}

const temporaryWarnings = (dir: string): ReadonlyArray<string> => {
  const files = storeFiles(dir)
  return [dir, files.snapshots, files.checkpoints].flatMap((folder) =>
    entryProblem(folder, 'directory') === undefined
      ? listTemporaries(folder).map(
          (path) =>
            `${path}: a temporary file left by an interrupted write (removed by the next writer's open or by foldwise repair)`,
        )
      : [],
  )
}

const verifyNow = async (
  dir: string,
  options: VerifyOptions | undefined,
): Promise<VerifyReport | StoreError> => {
  const files = storeFiles(dir)
  if (!existsSync(files.log))
    return storeUnavailable(`no file store in ${dir} (${files.log} is missing)`)
  const problems: string[] = [...describeWrongEntries(dir)]
  const incompatible = await checkStoreFormat(dir, 'read')
  if (incompatible !== undefined) return incompatible
  const fd = openStoreFile(files.log, 'read')
  if (typeof fd !== 'number') return fd
  try {
    // Shared, and needing only read access: a read-only directory or mount can be verified.
    const release = await lockStore(dir, 'shared')
    let scan: LogScan
    let refusal: string | undefined
    try {
      const size = fstatSync(fd).size
      scan = scanLog(files.log, fd, size, undefined, (done) => options?.onProgress?.(done, size))
      refusal = indexRefusal(files.index, fd, size)
      options?.onProgress?.(size, size)
    } finally {
      release()
    }
    if (refusal !== undefined)
      problems.push(
        `${files.index}: ${refusal}, so opening refuses the store; foldwise repair deletes the index (rebuilt on the next open)`,
      )
    for (const damaged of scan.damaged)
      problems.push(
        `${damaged.file} at byte ${damaged.offset}: damaged record (${damaged.length} bytes): ${damaged.reason}`,
      )
    if (scan.tornTail !== undefined)
      problems.push(
        `${scan.tornTail.file} at byte ${scan.tornTail.offset}: torn tail of ${scan.tornTail.length} bytes: ${scan.tornTail.reason}`,
      )
    const snapshots = checkSmallFiles(
      files.snapshots,
      'snapshot',
      (s) =>
        typeof s['streamVersion'] !== 'number' ||
        s['streamVersion'] > (scan.streams.get(String(s['streamId'])) ?? 0)
          ? `snapshot of ${JSON.stringify(s['streamId'])} at version ${String(s['streamVersion'])} is ahead of its stream`
          : undefined,
      problems,
    )
    const checkpoints = checkSmallFiles(
      files.checkpoints,
      'checkpoint',
      (c) =>
        typeof c['position'] !== 'number' || c['position'] > scan.records
          ? `checkpoint ${JSON.stringify(c['name'])} at position ${String(c['position'])} is ahead of the log`
          : undefined,
      problems,
    )
    return {
      dir,
      logBytes: scan.bytes,
      records: scan.records,
      streams: scan.streams.size,
      tornTail: scan.tornTail,
      damaged: scan.damaged,
      index: checkIndexFile(files.index, scan),
      snapshots,
      checkpoints,
      problems,
      warnings: temporaryWarnings(dir),
      ok: problems.length === 0,
    }
  } finally {
    closeSync(fd)
  }
}

// -------------------------------------------------------------------------------------
// verification
// -------------------------------------------------------------------------------------

/**
 * Checks every record's checksum and sequence, the index, the snapshots and the checkpoints of
 * the store in `dir`, without changing anything: no file is created or written (the lock file is
 * opened for reading, and locked shared while the log is read, so writers wait), so a read-only
 * directory or mount can be verified. Symbolic links are never followed; one where a store file
 * belongs is a problem. Fails with `StoreUnavailable` when `dir` holds no store.
 *
 * @category verification
 * @since 0.1.0
 */
export const verifyFileStore = (
  dir: string,
  options?: VerifyOptions,
): Effect.Effect<VerifyReport, StoreError> =>
  Effect.flatMap(
    Effect.tryPromise({
      try: () => verifyNow(dir, options),
      catch: (error) => storeUnavailable(`cannot verify ${dir}: ${describeError(error)}`),
    }),
    (outcome) => ('_tag' in outcome ? Effect.fail(outcome) : Effect.succeed(outcome)),
  )
