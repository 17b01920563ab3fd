/**
 * Group commit: appends queued while a write is on its way are written together, in order, in
 * one `write` and one `fdatasync`, under the cross-process lock.
 *
 * @since 0.1.0
 */
import { fstatSync, ftruncateSync } from 'node:fs'
import type { RecordedEvent } from '../../codec/RecordedEvent.js'
import type { AppendResult } from '../../store/EventStore.js'
import type { ExpectedVersion } from '../../store/ExpectedVersion.js'
import { matchesExpectedVersion } from '../../store/ExpectedVersion.js'
import { recordAt } from '../../store/FrozenRecord.js'
import type { StoreError } from '../../store/StoreError.js'
import { duplicateEventId, storeUnavailable, wrongExpectedVersion } from '../../store/StoreError.js'
import { hashEventId } from './EventIds.js'
import type { FileLog } from './FileLog.js'
import { catchUp, takeBackFailedAppend } from './CatchUp.js'
import { appendDurably, describeError } from './FileSystem.js'
import { poison, readBytes } from './FileLog.js'
import { checksum } from './LineFormat.js'
import { addRecord, endOf, versionOf } from './LogIndex.js'
import { isEventIdStored } from './ReadRecords.js'
import type { PreparedEvent } from './RecordCodec.js'
import {
  emptyLineBuffer,
  lineBytes,
  recordHead,
  resetLineBuffer,
  writeLogLine,
} from './LineWriter.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One append waiting for the next group commit.
 *
 * @category model
 * @since 0.1.0
 */
export interface PendingAppend {
  readonly streamId: string
  readonly events: ReadonlyArray<PreparedEvent>
  readonly expectedVersion: ExpectedVersion
  readonly settle: (outcome: AppendResult | StoreError) => void
}

/**
 * The append queue of one open store.
 *
 * @category model
 * @since 0.1.0
 */
export interface GroupCommit {
  readonly enqueue: (append: PendingAppend) => void
  /** Resolves when every queued append has settled. */
  readonly drain: () => Promise<void>
}

const maxAppendsPerCommit = 2048
const noRecords: ReadonlyArray<RecordedEvent> = Object.freeze([])

/**
 * The first event id of `append` already stored, repeated within the append, or taken by an
 * earlier append of the same commit; or the damage found confirming a stored id. Fills
 * `hashes` with the ids' hashes (for the index).
 */
const findDuplicate = (
  log: FileLog,
  append: PendingAppend,
  committing: ReadonlySet<string>,
  hashes: number[],
): StoreError | undefined => {
  const events = append.events
  // Appends are mostly of one or a few events: for those a scan beats building a set.
  const seen = events.length > 8 ? new Set<string>() : undefined
  for (let i = 0; i < events.length; i++) {
    const eventId = (events[i] as PreparedEvent).event.eventId
    if (committing.has(eventId)) return duplicateEventId(append.streamId, eventId)
    if (seen === undefined) {
      for (let k = 0; k < i; k++)
        if ((events[k] as PreparedEvent).event.eventId === eventId)
          return duplicateEventId(append.streamId, eventId)
    } else if (seen.has(eventId)) return duplicateEventId(append.streamId, eventId)
    else seen.add(eventId)
    const hash = hashEventId(eventId)
    const stored = isEventIdStored(log, eventId, hash)
    if (stored === true) return duplicateEventId(append.streamId, eventId)
    if (stored !== false) return stored
    hashes.push(hash)
  }
  return undefined
}

/**
 * What a failed write or sync of the commit starting at `start` leaves: nothing was
 * acknowledged, so the bytes are taken back at once (a truncate needs no free space). When even
 * that fails, the next commit takes them back first, and this process never adopts them
 * meanwhile. The handle stays usable: once the cause is gone (space freed), appends succeed
 * again, without retries here (the caller decides).
 */
const failedWrite = (log: FileLog, start: number, error: unknown): StoreError => {
  const reason = `cannot append to ${log.path}: ${describeError(error)}; nothing was acknowledged`
  try {
    ftruncateSync(log.fd, start)
    return storeUnavailable(reason)
  } catch {
    // Taken back by the next commit (see `takeBackFailedAppend`).
  }
  try {
    const size = fstatSync(log.fd).size
    log.pendingCut = { from: start, to: size, checksum: checksum(readBytes(log.fd, start, size)) }
    return storeUnavailable(reason)
  } catch {
    // This process cannot even tell what is in the file: it stops, and recovery on open decides.
    return poison(log, storeUnavailable(`${reason}; reopen the store`))
  }
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A group-commit queue over `log`; `committed` is called with the new head after each commit
 * that wrote records.
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeGroupCommit = (log: FileLog, committed: (head: number) => void): GroupCommit => {
  const queue: PendingAppend[] = []
  let running: Promise<void> | undefined

  // Reused by every commit: commits run one at a time and each awaits its write.
  const buffer = emptyLineBuffer()

  const commit = async (
    batch: ReadonlyArray<PendingAppend>,
  ): Promise<ReadonlyArray<AppendResult | StoreError>> => {
    // The lock checks, once taken, that the log it locked is still the one the path names.
    const taken = log.lock.acquire('exclusive')
    const release = typeof taken === 'function' ? taken : await taken
    try {
      try {
        takeBackFailedAppend(log)
      } catch (error) {
        const failure = storeUnavailable(
          `cannot append to ${log.path}: cannot take back an earlier failed append: ${describeError(error)}`,
        )
        return batch.map(() => failure)
      }
      const damage = catchUp(log, true)
      if (damage !== undefined) return batch.map(() => damage)
      const index = log.index
      const outcomes: Array<AppendResult | StoreError> = []
      const versions = new Map<string, number>()
      // Per line written: its stream, its length in bytes and its event id's hash.
      const lineStreams: string[] = []
      const lineLengths: number[] = []
      const lineIds: number[] = []
      // The ids of this commit's earlier appends, not in the index until the write is done.
      const committing = new Set<string>()
      let position = index.count
      resetLineBuffer(buffer)
      for (const append of batch) {
        const actual = versions.get(append.streamId) ?? versionOf(index, append.streamId)
        if (!matchesExpectedVersion(append.expectedVersion, actual)) {
          outcomes.push(wrongExpectedVersion(append.streamId, append.expectedVersion, actual))
          continue
        }
        if (append.events.length === 0) {
          outcomes.push({ nextExpectedVersion: actual, records: noRecords })
          continue
        }
        const idsBefore = lineIds.length
        const duplicate = findDuplicate(log, append, committing, lineIds)
        if (duplicate !== undefined) {
          lineIds.length = idsBefore
          outcomes.push(duplicate)
          if (duplicate._tag !== 'DuplicateEventId') return batch.map(() => duplicate)
          continue
        }
        const head = recordHead(append.streamId)
        const records = new Array<RecordedEvent>(append.events.length)
        const last = append.events.length - 1
        let version = actual
        for (let i = 0; i <= last; i++) {
          const prepared = append.events[i] as PreparedEvent
          version++
          position++
          lineLengths.push(writeLogLine(buffer, head, version, position, prepared.tail, i < last))
          lineStreams.push(append.streamId)
          if (batch.length > 1) committing.add(prepared.event.eventId)
          records[i] = recordAt(append.streamId, version, position, prepared.event)
        }
        versions.set(append.streamId, version)
        outcomes.push({ nextExpectedVersion: version, records })
      }
      if (lineLengths.length > 0) {
        const start = endOf(index)
        log.writing = true
        try {
          await appendDurably(log.fd, lineBytes(buffer))
        } catch (error) {
          // Taken back once for the whole batch: every append in it gets the same failure.
          const failure = failedWrite(log, start, error)
          return batch.map(() => failure)
        } finally {
          log.writing = false
        }
        let offset = start
        for (let i = 0; i < lineLengths.length; i++) {
          const next = offset + (lineLengths[i] as number)
          addRecord(index, lineStreams[i] as string, offset, next, lineIds[i] as number)
          offset = next
        }
      }
      return outcomes
    } finally {
      release()
    }
  }

  const run = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.splice(0, maxAppendsPerCommit)
      const before = log.index.count
      let outcomes: ReadonlyArray<AppendResult | StoreError>
      try {
        outcomes = await commit(batch)
      } catch (error) {
        // An I/O step under the lock failed (reading, cutting a torn tail into quarantine):
        // nothing was written or acknowledged, and the next commit starts over from the index.
        const failure = storeUnavailable(`cannot append to ${log.path}: ${describeError(error)}`)
        outcomes = batch.map(() => failure)
      }
      for (let i = 0; i < batch.length; i++)
        (batch[i] as PendingAppend).settle(outcomes[i] as AppendResult | StoreError)
      if (log.index.count > before) committed(log.index.count)
      // Callers resume in a later task and append again at once: wait one turn for them, so
      // their appends join the next commit instead of queueing behind a lone one.
      if (queue.length === 0) await new Promise<void>((resolve) => setImmediate(resolve))
    }
    running = undefined
  }

  return {
    enqueue: (append) => {
      queue.push(append)
      running ??= run()
    },
    drain: async () => {
      while (running !== undefined) await running
    },
  }
}
