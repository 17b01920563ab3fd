/**
 * Group commit: appends queued while a write is on its way are written together, in order, in
 * one `write` and one `fdatasync`, under the cross-process lock.
 *
 * @since 0.1.0
 */
import { ftruncateSync } from 'node:fs'
import type { RecordedEvent } from '../../codec/RecordedEvent.js'
import type { AppendResult } from '../../store/EventStore.js'
import type { ExpectedVersion } from '../../store/ExpectedVersion.js'
import { matchesExpectedVersion } from '../../store/ExpectedVersion.js'
import type { StoreError } from '../../store/StoreError.js'
import { storeUnavailable, wrongExpectedVersion } from '../../store/StoreError.js'
import type { FileLog } from './FileLog.js'
import { catchUp } from './FileLog.js'
import { appendDurably, describeError, lockFile, unlockFile } from './FileSystem.js'
import { addRecord, endOf, versionOf } from './LogIndex.js'
import type { PreparedEvent } from './RecordCodec.js'
import { encodeLine, toRecord } from './RecordCodec.js'

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

  const commit = async (
    batch: ReadonlyArray<PendingAppend>,
  ): Promise<ReadonlyArray<AppendResult | StoreError>> => {
    const waiting = lockFile(log.lockFd, 'ex')
    if (waiting !== undefined) await waiting
    try {
      const damage = catchUp(log, true)
      if (damage !== undefined) return batch.map(() => damage)
      const index = log.index
      const outcomes: Array<AppendResult | StoreError> = []
      const versions = new Map<string, number>()
      const lines: string[] = []
      const lineStreams: string[] = []
      let position = index.count
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
        const idJson = JSON.stringify(append.streamId)
        const records = new Array<RecordedEvent>(append.events.length)
        let version = actual
        for (let i = 0; i < append.events.length; i++) {
          const event = append.events[i] as PreparedEvent
          version++
          position++
          lines.push(encodeLine(idJson, version, position, event.tail))
          lineStreams.push(append.streamId)
          records[i] = toRecord(append.streamId, version, position, event)
        }
        versions.set(append.streamId, version)
        outcomes.push({ nextExpectedVersion: version, records })
      }
      if (lines.length > 0) {
        const start = endOf(index)
        log.writing = true
        try {
          await appendDurably(log.fd, Buffer.from(lines.join('')))
        } catch (error) {
          // Nothing was acknowledged: take back whatever part of the write reached the file.
          try {
            ftruncateSync(log.fd, start)
          } catch {
            // The next writer cuts it as a torn tail.
          }
          const failure = storeUnavailable(`cannot append to ${log.path}: ${describeError(error)}`)
          return batch.map(() => failure)
        } finally {
          log.writing = false
        }
        let offset = start
        for (let i = 0; i < lines.length; i++) {
          const next = offset + Buffer.byteLength(lines[i] as string)
          addRecord(index, lineStreams[i] as string, offset, next)
          offset = next
        }
      }
      return outcomes
    } finally {
      unlockFile(log.lockFd)
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
