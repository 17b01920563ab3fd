/**
 * Catching up with the log: adopting the whole appends other processes wrote after the index's
 * end, and cutting (into quarantine) the torn tail a crash left.
 *
 * @since 0.1.0
 */
import { fdatasyncSync, fstatSync, ftruncateSync } from 'node:fs'
import { corruptStore } from '../../store/StoreError.js'
import { hashEventId } from './EventIds.js'
import type { FileLog, LogFailure } from './FileLog.js'
import { checkNotReplaced, poison, readBytes, storeFiles } from './FileLog.js'
import { checksum } from './LineFormat.js'
import { forEachLine } from './LineReader.js'
import { addRecord, endOf, versionOf } from './LogIndex.js'
import { faultPoint } from './FaultPoints.js'
import { freeQuarantineFile, writeQuarantine } from './Quarantine.js'

// -------------------------------------------------------------------------------------
// catching up
// -------------------------------------------------------------------------------------

interface PendingLine {
  readonly streamId: string
  readonly offset: number
  readonly next: number
  readonly idHash: number
}

/**
 * Reads the lines appended after the index's end and adds the appends that are whole (their
 * last line, one without `"more"`, is there). With `locked` (this process holds the exclusive
 * lock, so no writer is active) a torn tail — an unterminated last line, with the whole lines of
 * its append before it, or an append missing its last line — is copied to quarantine and cut;
 * without it, reading stops before it. Anything else is a damaged store: an invalid line
 * followed by a valid one, a complete (newline-terminated) invalid line, a line out of
 * sequence, or a tail inside what the index file vouched for.
 *
 * @category catching up
 * @since 0.1.0
 */
export const catchUp = (log: FileLog, locked: boolean): LogFailure | undefined => {
  if (log.damage !== undefined) return log.damage
  const open = fstatSync(log.fd)
  const replaced = checkNotReplaced(log, open)
  if (replaced !== undefined) return replaced
  const index = log.index
  const size = open.size
  const from = endOf(index)
  if (size === from) {
    log.uncutTail = undefined
    return undefined
  }
  if (size < from)
    return poison(
      log,
      corruptStore(log.path, size, `the log shrank below its committed size ${from}`),
    )
  let bad:
    | {
        readonly offset: number
        readonly reason: string
        readonly sequence: boolean
        readonly complete: boolean
      }
    | undefined
  let validAfter: number | undefined
  let pending: PendingLine[] = []
  const pendingVersions = new Map<string, number>()
  forEachLine(log.fd, from, size, (line) => {
    if (bad === undefined) {
      const header = line.header
      if (header === undefined) {
        const reason = line.damage ?? 'damaged line'
        bad = { offset: line.offset, reason, sequence: false, complete: line.complete }
        return true
      }
      const position = index.count + pending.length + 1
      const version =
        (pending.length === 0
          ? versionOf(index, header.streamId)
          : (pendingVersions.get(header.streamId) ?? versionOf(index, header.streamId))) + 1
      if (header.globalPosition !== position || header.streamVersion !== version) {
        const reason =
          header.globalPosition !== position
            ? `global position ${header.globalPosition} where ${position} was due`
            : `stream version ${header.streamVersion} where ${version} was due`
        bad = { offset: line.offset, reason, sequence: true, complete: true }
        return false
      }
      const idHash = hashEventId(header.eventId)
      if (pending.length === 0 && !line.more) {
        // The common case, a one-line append: no bookkeeping.
        addRecord(index, header.streamId, line.offset, line.next, idHash)
        return true
      }
      pending.push({ streamId: header.streamId, offset: line.offset, next: line.next, idHash })
      pendingVersions.set(header.streamId, version)
      if (!line.more) {
        for (const whole of pending)
          addRecord(index, whole.streamId, whole.offset, whole.next, whole.idHash)
        pending = []
        pendingVersions.clear()
      }
      return true
    }
    if (line.header === undefined) return true
    validAfter = line.offset
    return false
  })
  if (bad === undefined && pending.length === 0) return undefined
  if (bad !== undefined && (bad.sequence || bad.complete || validAfter !== undefined)) {
    const why = bad.sequence
      ? ''
      : validAfter !== undefined
        ? ` (a valid record follows at byte ${validAfter})`
        : ' (a complete line: not a torn write)'
    return poison(log, corruptStore(log.path, bad.offset, bad.reason + why))
  }
  const tail = endOf(index)
  const reason =
    bad === undefined
      ? `an append of which only ${pending.length} of its lines reached the log (its last line is missing)`
      : pending.length === 0
        ? bad.reason
        : `${bad.reason}, after ${pending.length} whole lines of the same append`
  if (tail < log.committedFloor)
    return poison(
      log,
      corruptStore(
        log.path,
        tail,
        `${reason} in records the index file lists as committed (not a torn write)`,
      ),
    )
  if (locked && !log.readOnly) cutTail(log, tail, size, reason)
  else log.uncutTail = { file: log.path, offset: tail, bytes: size - tail, reason }
  return undefined
}

const cutTail = (log: FileLog, offset: number, size: number, reason: string): void => {
  const preview = readBytes(log.fd, offset, Math.min(size, offset + 200)).toString('utf8')
  const quarantine = storeFiles(log.dir).quarantine
  const quarantineFile = freeQuarantineFile(
    quarantine,
    `events-${size}-torn-tail-from-byte-${offset}`,
  )
  writeQuarantine(quarantine, quarantineFile, log.fd, [
    { file: log.path, offset, length: size - offset, reason },
  ])
  faultPoint('cut-tail:after-quarantine')
  ftruncateSync(log.fd, offset)
  fdatasyncSync(log.fd)
  faultPoint('cut-tail:after-truncate')
  log.uncutTail = undefined
  log.tornTails.push({
    file: log.path,
    offset,
    bytes: size - offset,
    reason,
    preview,
    quarantineFile,
  })
}

/**
 * Catches up with other processes' appends without blocking: only when the log grew, and only
 * under a shared lock, so what it reads is complete and synced. When a writer holds the lock,
 * the read is left for later (the reader sees a consistent, slightly older prefix). A log
 * replaced under this process poisons the store.
 *
 * @category catching up
 * @since 0.1.0
 */
export const refresh = (log: FileLog): LogFailure | undefined => {
  if (log.damage !== undefined) return log.damage
  // After a failed append not yet taken back, the bytes past the committed end are this
  // process's own unacknowledged ones: never adopted here (the next commit cuts them).
  if (log.writing || log.pendingCut !== undefined) return undefined
  const open = fstatSync(log.fd)
  if (open.size === endOf(log.index)) return checkNotReplaced(log, open)
  const release = log.lock.tryAcquire('shared')
  if (release === undefined) return undefined
  try {
    return catchUp(log, false)
  } finally {
    release()
  }
}

/**
 * Under the exclusive lock, before a commit writes: takes back the bytes a failed append of this
 * process left after its committed end (a truncate, which needs no free space) when they are still the
 * whole tail, so the handle writes on once the cause (a full disk, a passing I/O error) is gone.
 * An I/O error is thrown: the commit fails and the next one tries again.
 *
 * @category catching up
 * @since 0.1.0
 */
export const takeBackFailedAppend = (log: FileLog): void => {
  const failed = log.pendingCut
  if (failed === undefined) return
  // Only when the failed bytes are still exactly the tail: anything else is left to catching up.
  if (
    fstatSync(log.fd).size === failed.to &&
    endOf(log.index) === failed.from &&
    checksum(readBytes(log.fd, failed.from, failed.to)) === failed.checksum
  ) {
    // This process's own unacknowledged bytes: truncated, not quarantined (a quarantine copy
    // needs free space, and a truncate does not), and not reported as a torn tail.
    ftruncateSync(log.fd, failed.from)
    fdatasyncSync(log.fd)
  }
  log.pendingCut = undefined
}
