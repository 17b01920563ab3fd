/**
 * The in-memory store: the reference implementation of the store port. Records are frozen deep
 * copies made once at append time; one array per stream and one store-wide array hold them,
 * so appends cost the size of the batch and reads the size of the answer.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import type { RecordedEvent } from '../../codec/RecordedEvent.js'
import type {
  CheckpointStore,
  EventStore,
  ProjectionCheckpoint,
  ReadAllOptions,
  ReadStreamOptions,
  SnapshotStore,
  StoredSnapshot,
  Unsubscribe,
} from '../../store/EventStore.js'
import { matchesExpectedVersion } from '../../store/ExpectedVersion.js'
import { recordBuilder } from '../../store/FrozenRecord.js'
import {
  checkAppendArguments,
  checkCheckpoint,
  checkCheckpointName,
  checkReadAllOptions,
  checkReadStreamOptions,
  checkSnapshot,
} from '../../store/StoreArguments.js'
import type { InvalidArgument, StoreError } from '../../store/StoreError.js'
import { duplicateEventId, storeClosed, wrongExpectedVersion } from '../../store/StoreError.js'
import { checkStreamId } from '../../store/StreamId.js'
import { EventIdIndex, hashId } from './EventIdIndex.js'
import type { SyncAppend } from '../../store/SyncAppend.js'
import { isAppendError, withSyncAppend } from '../../store/SyncAppend.js'
import { requireCompatibleEffect } from '../../store/EffectVersion.js'
import type { Listeners } from '../../store/Listeners.js'
import { tellListeners, wakeOnClose } from '../../store/Listeners.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Options of the in-memory store.
 *
 * @category model
 * @since 0.1.0
 */
export interface MemoryStoreOptions {
  /** The clock for `recordedAt` when the caller gives none (default: the wall clock, ISO-8601). */
  readonly now?: () => string
}

/**
 * The in-memory store: events, snapshots and checkpoints.
 *
 * @category model
 * @since 0.1.0
 */
export type MemoryStore = EventStore & SnapshotStore & CheckpointStore

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

const wallClock = (): string => new Date().toISOString()
const closedError: Effect.Effect<never, StoreError> = Effect.fail(storeClosed)
const noRecords: ReadonlyArray<RecordedEvent> = Object.freeze([])

/** The records of `stream` between inclusive versions, ordered, first `limit` kept. */
const sliceStream = (
  stream: ReadonlyArray<RecordedEvent>,
  options: ReadStreamOptions | undefined,
): ReadonlyArray<RecordedEvent> => {
  const first = Math.max(1, options?.from ?? 1)
  const last = Math.min(stream.length, options?.to ?? stream.length)
  const limit = options?.limit ?? Number.POSITIVE_INFINITY
  const count = Math.min(last - first + 1, limit)
  if (!(count > 0)) return noRecords
  if (options?.direction === 'backward') {
    const out = new Array<RecordedEvent>(count)
    for (let i = 0; i < count; i++) out[i] = stream[last - 1 - i] as RecordedEvent
    return out
  }
  return stream.slice(first - 1, first - 1 + count)
}

/**
 * Whether the event id of the record at `index` of a batch repeats an earlier one of the batch: compared
 * pairwise (by hash first) in a small batch, through `seen` (the ids so far) in a large one.
 */
const repeatsInBatch = (
  records: ReadonlyArray<RecordedEvent>,
  hashes: Int32Array,
  index: number,
  seen: Set<string> | undefined,
): boolean => {
  const eventId = (records[index] as RecordedEvent).eventId
  if (seen !== undefined) {
    if (seen.has(eventId)) return true
    seen.add(eventId)
    return false
  }
  const hash = hashes[index]
  for (let j = 0; j < index; j++)
    if (hashes[j] === hash && (records[j] as RecordedEvent).eventId === eventId) return true
  return false
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A new, empty in-memory store. Nothing survives the process; use it for tests, examples and
 * as the model other adapters are measured against.
 *
 * @example
 * import { Effect } from 'effect'
 * import { makeMemoryStore } from 'foldwise/adapters/memory'
 * const store = makeMemoryStore()
 * const event = { eventId: 'e1', type: 'Opened', schemaVersion: 1, data: {}, metadata: {} }
 * const result = Effect.runSync(store.append('account-1', [event], { expectedVersion: 'no_stream' }))
 * assert.strictEqual(result.nextExpectedVersion, 1)
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeMemoryStore = (options?: MemoryStoreOptions): MemoryStore => {
  requireCompatibleEffect()
  const buildRecords = recordBuilder(options?.now ?? wallClock)
  const streams = new Map<string, RecordedEvent[]>()
  const log: RecordedEvent[] = []
  const eventIds = new EventIdIndex((position) => (log[position - 1] as RecordedEvent).eventId)
  const listeners: Listeners = new Set()
  const snapshots = new Map<string, StoredSnapshot>()
  const checkpoints = new Map<string, ProjectionCheckpoint>()
  let closed = false
  // The hashes of the batch being appended: one buffer, reused (an append runs to its end
  // before the next starts), instead of an array per append.
  let hashes = new Int32Array(16)

  const appendSync: SyncAppend = (streamId, events, appendOptions) => {
    if (closed) return storeClosed
    const stream = streams.get(streamId)
    // Only ids of existing streams are in the map, and they were checked when created.
    const expected = checkAppendArguments(streamId, events, appendOptions, stream !== undefined)
    if (typeof expected === 'object') return expected
    const actual = stream === undefined ? 0 : stream.length
    const position = log.length
    // Every record is built (which refuses a wrong field or a value that is not JSON) before the
    // expected version is compared, as the other adapters check an append before committing it.
    const records =
      events.length === 0 ? noRecords : buildRecords(streamId, actual, position, events)
    if (!Array.isArray(records)) return records as StoreError
    if (!matchesExpectedVersion(expected, actual))
      return wrongExpectedVersion(streamId, expected, actual)
    if (records.length === 0) return { nextExpectedVersion: actual, records: noRecords }
    // Event ids are unique store-wide: check them all before storing any, so a refused append
    // leaves no trace.
    if (hashes.length < records.length) hashes = new Int32Array(2 * records.length)
    const seen = records.length > 16 ? new Set<string>() : undefined
    for (let i = 0; i < records.length; i++) {
      const eventId = (records[i] as RecordedEvent).eventId
      const hash = hashId(eventId)
      hashes[i] = hash
      if (eventIds.has(eventId, hash) || repeatsInBatch(records, hashes, i, seen))
        return duplicateEventId(streamId, eventId)
    }
    const target = stream ?? []
    if (stream === undefined) streams.set(streamId, target)
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as RecordedEvent
      target.push(record)
      log.push(record)
      eventIds.add(hashes[i] as number, position + i + 1)
    }
    if (listeners.size > 0) tellListeners(listeners, log.length)
    return { nextExpectedVersion: target.length, records }
  }

  const append: EventStore['append'] = (streamId, events, appendOptions) =>
    Effect.suspend(() => {
      const result = appendSync(streamId, events, appendOptions)
      return isAppendError(result) ? Effect.fail(result) : Effect.succeed(result)
    })

  /** Runs `body` on an open store; an answer with a `_tag` is a refusal. */
  const answer = <A>(body: () => A | InvalidArgument): Effect.Effect<A, StoreError> => {
    const outcome = body()
    return typeof outcome === 'object' && outcome !== null && '_tag' in outcome
      ? Effect.fail(outcome as InvalidArgument)
      : Effect.succeed(outcome as A)
  }

  const guardStream = <A>(
    streamId: string,
    body: () => A | InvalidArgument,
  ): Effect.Effect<A, StoreError> =>
    Effect.suspend(() => {
      if (closed) return closedError
      const invalid = streams.has(streamId) ? undefined : checkStreamId(streamId)
      return invalid === undefined ? answer(body) : Effect.fail(invalid)
    })

  const guard = <A>(body: () => A | InvalidArgument): Effect.Effect<A, StoreError> =>
    Effect.suspend(() => (closed ? closedError : answer(body)))

  return {
    append: withSyncAppend(append, appendSync),
    readStream: (streamId, readOptions) =>
      guardStream(streamId, () => {
        const invalid = checkReadStreamOptions(readOptions)
        if (invalid !== undefined) return invalid
        const stream = streams.get(streamId)
        return stream === undefined ? noRecords : sliceStream(stream, readOptions)
      }),
    streamVersion: (streamId) => guardStream(streamId, () => streams.get(streamId)?.length ?? 0),
    currentVersion: (streamId) => {
      if (closed) return closedError
      const stream = streams.get(streamId)
      if (stream !== undefined) return stream.length
      // An absent stream with a valid id is empty, on the spot; a bad id fails as `streamVersion`.
      const invalid = checkStreamId(streamId)
      return invalid === undefined ? 0 : Effect.fail(invalid)
    },
    readAll: (readOptions?: ReadAllOptions) =>
      guard(() => {
        const invalid = checkReadAllOptions(readOptions)
        if (invalid !== undefined) return invalid
        const start = Math.max(1, readOptions?.fromPosition ?? 1) - 1
        const limit = readOptions?.limit
        if (limit !== undefined && !(limit > 0)) return noRecords
        return start >= log.length
          ? noRecords
          : log.slice(start, limit === undefined ? undefined : start + limit)
      }),
    headPosition: () => guard(() => log.length),
    onAppend: (listener) =>
      guard((): Unsubscribe => {
        // A fresh wrapper per subscription, so subscribing one function twice is two listeners.
        const entry = (head: number): void => listener(head)
        listeners.add(entry)
        return () => {
          listeners.delete(entry)
        }
      }),
    close: () =>
      Effect.sync(() => {
        if (closed) return
        closed = true
        wakeOnClose(listeners, log.length)
      }),
    loadSnapshot: (streamId) => guardStream(streamId, () => snapshots.get(streamId)),
    saveSnapshot: (snapshot) =>
      Effect.suspend(() => {
        if (closed) return closedError
        const checked = checkSnapshot(snapshot)
        if ('_tag' in checked) return Effect.fail(checked)
        snapshots.set(checked.streamId, checked)
        return Effect.void
      }),
    loadCheckpoint: (name) =>
      guard(() => checkCheckpointName('loadCheckpoint', name) ?? checkpoints.get(name)),
    saveCheckpoint: (checkpoint) =>
      Effect.suspend(() => {
        if (closed) return closedError
        const checked = checkCheckpoint(checkpoint)
        if ('_tag' in checked) return Effect.fail(checked)
        checkpoints.set(checked.name, checked)
        return Effect.void
      }),
  }
}
