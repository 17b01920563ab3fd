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
  lstatSync,
  ftruncateSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { basename, join } from 'node:path'
import { Effect } from 'effect'
import type { CorruptStore, StoreError } from '../../store/StoreError.js'
import { corruptStore, isStoreError, storeUnavailable } from '../../store/StoreError.js'
import { storeFiles } from './FileLog.js'
import { faultPoint } from './FaultPoints.js'
import { describeError, syncDirectory } from './FileSystem.js'
import type { Release } from './Lock.js'
import { lockStore } from './Lock.js'
import { lockReplacement } from './NativeLock.js'
import { checkStoreFormat } from './StoreFormat.js'
import { freeQuarantineFile, writeQuarantine } from './Quarantine.js'
import { decodeRecord, encodeLine, encodeTail } from './RecordCodec.js'
import type { LineHeader } from './LineFormat.js'
import type { DamagedRecord } from './ScanLog.js'
import { scanLog } from './ScanLog.js'
import { checkEntry, entryProblem, moveWrongEntries, openStoreFile } from './StoreEntries.js'
import { createTemporary, listTemporaries, removeDeadTemporaries } from './TemporaryFiles.js'
import { indexRefusal } from './OpenLog.js'

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

const repairNow = async (dir: string, dryRun: boolean): Promise<RepairReport | StoreError> => {
  const files = storeFiles(dir)
  if (!existsSync(files.log))
    return storeUnavailable(`no file store in ${dir} (${files.log} is missing)`)
  const logWrong = checkEntry(files.log, 'file')
  if (logWrong !== undefined) return logWrong
  const incompatible = await checkStoreFormat(dir, dryRun ? 'read' : 'write')
  if (incompatible !== undefined) return incompatible
  const actions: string[] = []
  const fd = openStoreFile(files.log, dryRun ? 'read' : 'update')
  if (typeof fd !== 'number') return fd
  try {
    // A dry run needs only read access (a read-only mount can be checked) and a shared lock.
    const release = await lockStore(dir, dryRun ? 'shared' : 'exclusive')
    try {
      // Another repair may have renamed a new log over the path while this one waited: working
      // on the old file would rename a stale copy over every append made since.
      const named = lstatSync(files.log, { throwIfNoEntry: false })
      const opened = fstatSync(fd)
      if (named === undefined || named.ino !== opened.ino || named.dev !== opened.dev)
        return storeUnavailable(
          `${files.log} was replaced while this repair waited for the lock; run it again`,
        )
      // Only now, under the lock, does anything in the directory change.
      moveWrongEntries(dir, dryRun, actions)
      const size = opened.size
      const scan = scanLog(files.log, fd, size)
      const pieces = [...scan.damaged, ...(scan.tornTail === undefined ? [] : [scan.tornTail])]
      const temporaries = [dir, files.snapshots, files.checkpoints].flatMap((folder) =>
        entryProblem(folder, 'directory') === undefined ? listTemporaries(folder) : [],
      )
      for (const path of temporaries) actions.push(`remove the temporary file ${path}`)
      if (!dryRun) removeDeadTemporaries([dir, files.snapshots, files.checkpoints])
      if (pieces.length === 0) {
        // An index opening refuses (an interrupted repair of an older version left it).
        const refusal = indexRefusal(files.index, fd, size)
        if (refusal !== undefined) {
          actions.push(`delete the index ${files.index} (${refusal}; rebuilt on the next open)`)
          if (!dryRun) {
            rmSync(files.index, { force: true })
            syncDirectory(dir)
          }
        }
        return {
          dryRun,
          actions,
          tornTail: undefined,
          damaged: [],
          quarantineFile: undefined,
          records: scan.records,
        }
      }
      const quarantineFile = freeQuarantineFile(
        files.quarantine,
        `events-${size}-from-byte-${pieces[0]?.offset ?? 0}`,
      )
      const stamp = basename(quarantineFile, '.jsonl')
      actions.push(
        ...pieces.map(
          (p) =>
            `move ${p.length} bytes at byte ${p.offset} of ${p.file} (${p.reason}) to ${quarantineFile}`,
        ),
      )
      if (scan.damaged.length === 0)
        actions.push(
          `delete the index ${files.index} (rebuilt on the next open)`,
          `cut the torn tail: truncate ${files.log} to ${scan.tornTail?.offset} bytes`,
        )
      else
        actions.push(
          `delete the index ${files.index} (rebuilt on the next open)`,
          `move snapshots and checkpoints to ${files.quarantine} (rebuild projections from the log)`,
          `rewrite ${files.log} without the damaged records, renumbering later global positions and stream versions`,
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
      // Each step leaves a store that opens, or that verify names and a repair run again mends:
      // the log changes last, after everything derived from it is gone; a rewrite that cannot
      // be done (a record that cannot be renumbered) stops before anything else changed.
      const forgetDerived = (): void => {
        rmSync(files.index, { force: true })
        syncDirectory(dir)
        faultPoint(
          tailOnly ? 'repair-tail:after-index-delete' : 'repair-rewrite:after-index-delete',
        )
        if (tailOnly) return
        for (const derived of [files.snapshots, files.checkpoints])
          if (existsSync(derived))
            renameSync(derived, join(files.quarantine, `${stamp}-${basename(derived)}`))
        syncDirectory(dir)
        faultPoint('repair-rewrite:after-derived-move')
      }
      const tailOnly = scan.damaged.length === 0
      writeQuarantine(files.quarantine, quarantineFile, fd, pieces)
      faultPoint(tailOnly ? 'repair-tail:after-quarantine' : 'repair-rewrite:after-quarantine')
      if (tailOnly && scan.tornTail !== undefined) {
        forgetDerived()
        ftruncateSync(fd, scan.tornTail.offset)
        fdatasyncSync(fd)
        faultPoint('repair-tail:after-truncate')
        return report
      }
      const rewritten = rewriteLog(files.log, fd, scan.tornTail?.offset ?? size, forgetDerived)
      if (typeof rewritten !== 'function') return rewritten
      try {
        faultPoint('repair-rewrite:after-rename')
        syncDirectory(dir)
      } finally {
        // Until here the new log stays locked: a process opening it waits for the repair.
        rewritten()
      }
      return report
    } finally {
      release()
    }
  } finally {
    closeSync(fd)
  }
}

/**
 * Writes the valid records before `end`, renumbered densely, to a new file, runs `beforeRename`
 * and renames the file over the log, locked, so a process opening the new log waits until the
 * repair is done; returns the release of that lock (which also closes the new file). A line
 * whose checksum holds but whose record cannot be read back (so it cannot be renumbered) stops
 * the repair with `CorruptStore` at its offset, and the log is left as it was.
 */
const rewriteLog = (
  path: string,
  fd: number,
  end: number,
  beforeRename: () => void,
): CorruptStore | Release => {
  const created = createTemporary(path)
  const temporary = created.path
  const out = created.fd
  let unlock: Release
  try {
    unlock = lockReplacement(out)
  } catch (error) {
    closeSync(out)
    throw error
  }
  let failure: CorruptStore | undefined
  // A kept line is written only when the next one is seen: its "more" marker survives only if
  // the next kept line follows it directly. An append whose last line was damaged is closed at
  // its last kept line, instead of running on into the next append (or off the end of the log).
  interface Kept {
    /** A copy of the line (the scanner reuses its buffer), newline included. */
    readonly bytes: Buffer
    readonly lineEnd: number
    readonly offset: number
    readonly next: number
    readonly more: boolean
    readonly header: LineHeader
    readonly version: number
    readonly position: number
  }
  let pending: Kept | undefined
  const flush = (more: boolean): void => {
    const kept = pending
    pending = undefined
    if (kept === undefined || failure !== undefined) return
    const { header, version, position } = kept
    if (
      header.globalPosition === position &&
      header.streamVersion === version &&
      more === kept.more
    ) {
      writeSync(out, kept.bytes)
      return
    }
    const record = decodeRecord(kept.bytes, 0, kept.lineEnd, undefined)
    if (typeof record === 'string') {
      failure = corruptStore(path, kept.offset, `cannot renumber the record: ${record}`)
      return
    }
    writeSync(
      out,
      encodeLine(JSON.stringify(record.streamId), version, position, encodeTail(record), more),
    )
  }
  try {
    const versions = new Map<string, number>()
    let position = 0
    scanLog(path, fd, end, (line, header) => {
      if (failure !== undefined) return
      flush(pending !== undefined && pending.more && pending.next === line.offset)
      position++
      const version = (versions.get(header.streamId) ?? 0) + 1
      versions.set(header.streamId, version)
      pending = {
        bytes: Buffer.from(
          line.bytes.subarray(line.lineStart, line.lineStart + (line.next - line.offset)),
        ),
        lineEnd: line.lineEnd - line.lineStart,
        offset: line.offset,
        next: line.next,
        more: line.more,
        header,
        version,
        position,
      }
    })
    flush(false)
    if (failure === undefined) {
      fdatasyncSync(out)
      faultPoint('repair-rewrite:after-temp-write')
      beforeRename()
      // Renamed while still open and locked: a cleaner never takes a live writer's file.
      renameSync(temporary, path)
    }
  } catch (error) {
    unlock()
    closeSync(out)
    throw error
  }
  if (failure !== undefined) {
    unlock()
    closeSync(out)
    rmSync(temporary, { force: true })
    return failure
  }
  return () => {
    unlock()
    closeSync(out)
  }
}

// -------------------------------------------------------------------------------------
// repair
// -------------------------------------------------------------------------------------

/**
 * Repairs the store in `dir` on purpose, under the exclusive lock: a torn tail is cut; damaged
 * records are moved aside and the log rewritten without them (later positions renumbered, the
 * index, snapshots and checkpoints set aside to be rebuilt); dead writers' temporary files are
 * removed; an index that opening refuses is deleted; a symbolic link or a wrong kind of entry
 * where a store file or folder belongs (other than the log) is moved into quarantine. Every
 * removed byte is saved in a quarantine file first, and a crash at any step leaves a store that
 * `verify` names and a second repair mends. With `dryRun`, only says what it would do (and
 * writes nothing). Close every store open on `dir` first: they keep reading the old log.
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
    (outcome) => (isStoreError(outcome) ? Effect.fail(outcome) : Effect.succeed(outcome)),
  )
