/**
 * `repairFileStore`: the deliberate repair of a damaged store, for `foldwise repair`. Nothing
 * is deleted: cut and damaged bytes go to a quarantine file first.
 *
 * @since 0.1.0
 */
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { Effect } from 'effect'
import type { StoreError } from '../../store/StoreError.js'
import { storeUnavailable } from '../../store/StoreError.js'
import { storeFiles } from './FileLog.js'
import {
  describeError,
  ensureDirectory,
  lockFile,
  syncDirectory,
  unlockFile,
} from './FileSystem.js'
import { encodeLine } from './RecordCodec.js'
import { decodeRecord } from './RecordCodec.js'
import type { DamagedRecord } from './ScanLog.js'
import { scanLog } from './ScanLog.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What a repair did (or, with `dryRun`, would do).
 *
 * @category model
 * @since 0.1.0
 */
export interface RepairReport {
  readonly dryRun: boolean
  /** One line per step, for a human. Empty when the log needed no repair. */
  readonly actions: ReadonlyArray<string>
  readonly tornTail: DamagedRecord | undefined
  readonly damaged: ReadonlyArray<DamagedRecord>
  /** Where the removed bytes were saved (one JSON line per damaged piece). */
  readonly quarantineFile: string | undefined
  /** Records kept in the log after the repair. */
  readonly records: number
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

const readRange = (fd: number, offset: number, length: number): Buffer => {
  const buffer = Buffer.alloc(length)
  readSync(fd, buffer, 0, length, offset)
  return buffer
}

const quarantineLine = (fd: number, piece: DamagedRecord): string =>
  JSON.stringify({
    file: piece.file,
    offset: piece.offset,
    length: piece.length,
    reason: piece.reason,
    base64: readRange(fd, piece.offset, piece.length).toString('base64'),
  }) + '\n'

const repairNow = async (dir: string, dryRun: boolean): Promise<RepairReport | StoreError> => {
  const files = storeFiles(dir)
  if (!existsSync(files.log))
    return storeUnavailable(`no file store in ${dir} (${files.log} is missing)`)
  const lockFd = openSync(files.lock, 'a+')
  const fd = openSync(files.log, 'r+')
  try {
    const waiting = lockFile(lockFd, 'ex')
    if (waiting !== undefined) await waiting
    try {
      const size = fstatSync(fd).size
      const scan = scanLog(files.log, fd, size)
      const pieces = [...scan.damaged, ...(scan.tornTail === undefined ? [] : [scan.tornTail])]
      if (pieces.length === 0)
        return {
          dryRun,
          actions: [],
          tornTail: undefined,
          damaged: [],
          quarantineFile: undefined,
          records: scan.records,
        }
      // Named by what it holds, not by the clock, so a dry run names the file a real run writes.
      const stamp = freeQuarantineName(
        files.quarantine,
        `events-${size}-from-byte-${pieces[0]?.offset ?? 0}`,
      )
      const quarantineFile = join(files.quarantine, `${stamp}.jsonl`)
      const actions = pieces.map(
        (p) =>
          `move ${p.length} bytes at byte ${p.offset} of ${p.file} (${p.reason}) to ${quarantineFile}`,
      )
      if (scan.damaged.length === 0)
        actions.push(
          `cut the torn tail: truncate ${files.log} to ${scan.tornTail?.offset} bytes`,
          `delete the index ${files.index} (rebuilt on the next open)`,
        )
      else
        actions.push(
          `rewrite ${files.log} without the damaged records, renumbering later global positions and stream versions`,
          `delete the index ${files.index} (rebuilt on the next open)`,
          `move snapshots and checkpoints to ${files.quarantine} (rebuild projections from the log)`,
        )
      const report = {
        dryRun,
        actions,
        tornTail: scan.tornTail,
        damaged: scan.damaged,
        quarantineFile,
        records: scan.records,
      }
      if (dryRun) return report
      ensureDirectory(files.quarantine)
      const quarantineFd = openSync(quarantineFile, 'wx')
      try {
        for (const piece of pieces) writeSync(quarantineFd, quarantineLine(fd, piece))
        fdatasyncSync(quarantineFd)
      } finally {
        closeSync(quarantineFd)
      }
      syncDirectory(files.quarantine)
      if (scan.damaged.length === 0 && scan.tornTail !== undefined) {
        ftruncateSync(fd, scan.tornTail.offset)
        fdatasyncSync(fd)
        rmSync(files.index, { force: true })
        syncDirectory(dir)
        return report
      }
      rewriteLog(files.log, fd, size)
      rmSync(files.index, { force: true })
      for (const derived of [files.snapshots, files.checkpoints])
        if (existsSync(derived))
          renameSync(derived, join(files.quarantine, `${stamp}-${derived.split('/').pop() ?? ''}`))
      syncDirectory(dir)
      return report
    } finally {
      unlockFile(lockFd)
    }
  } finally {
    closeSync(fd)
    closeSync(lockFd)
  }
}

/** Writes the valid records, renumbered densely, to a new file and renames it over the log. */
const rewriteLog = (path: string, fd: number, size: number): void => {
  const temporary = `${path}.repair.tmp`
  const out = openSync(temporary, 'w')
  try {
    const versions = new Map<string, number>()
    let position = 0
    scanLog(path, fd, size, (line, header) => {
      position++
      const version = (versions.get(header.streamId) ?? 0) + 1
      versions.set(header.streamId, version)
      if (header.globalPosition === position && header.streamVersion === version) {
        writeSync(out, line.bytes, line.lineStart, line.next - line.offset)
        return
      }
      const record = decodeRecord(line.bytes, line.lineStart, line.lineEnd, undefined)
      if (typeof record === 'string') throw new Error(`record at byte ${line.offset}: ${record}`)
      const tail = JSON.stringify({
        eventId: record.eventId,
        type: record.type,
        schemaVersion: record.schemaVersion,
        data: record.data,
        metadata: record.metadata,
      }).slice(1)
      writeSync(out, encodeLine(JSON.stringify(record.streamId), version, position, tail))
    })
    fdatasyncSync(out)
  } finally {
    closeSync(out)
  }
  renameSync(temporary, path)
}

// -------------------------------------------------------------------------------------
// repair
// -------------------------------------------------------------------------------------

/**
 * Repairs the store in `dir` on purpose, under the exclusive lock: a torn tail is cut; damaged
 * records are moved aside and the log rewritten without them (later positions renumbered, the
 * index, snapshots and checkpoints set aside to be rebuilt). Every removed byte is saved in a
 * quarantine file first. With `dryRun`, only says what it would do. Close every store open on
 * `dir` first: they keep reading the old log.
 *
 * @category repair
 * @since 0.1.0
 */
export const repairFileStore = (
  dir: string,
  options: { readonly dryRun: boolean },
): Effect.Effect<RepairReport, StoreError> =>
  Effect.flatMap(
    Effect.tryPromise({
      try: () => repairNow(dir, options.dryRun),
      catch: (error) => storeUnavailable(`cannot repair ${dir}: ${describeError(error)}`),
    }),
    (outcome) => ('_tag' in outcome ? Effect.fail(outcome) : Effect.succeed(outcome)),
  )

/** The first of `base`, `base-2`, `base-3`... not yet taken in the quarantine folder. */
const freeQuarantineName = (quarantine: string, base: string): string => {
  let name = base
  for (let n = 2; existsSync(join(quarantine, `${name}.jsonl`)); n++) name = `${base}-${n}`
  return name
}
