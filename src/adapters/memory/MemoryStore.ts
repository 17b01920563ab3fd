/**
 * The in-memory store: the reference implementation of the store port. Records are frozen deep
 * copies made once at append time; one array per stream and one store-wide array hold them,
 * so appends cost the size of the batch and reads the size of the answer.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import type { EventToAppend, RecordedEvent } from '../../codec/RecordedEvent.js'
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
import { freezeJson, recordBuilder } from '../../store/FrozenRecord.js'
import type { StoreError } from '../../store/StoreError.js'
import { duplicateEventId, storeClosed, wrongExpectedVersion } from '../../store/StoreError.js'
import { checkStreamId } from '../../store/StreamId.js'
import { EventIdIndex, hashId } from './EventIdIndex.js'
import type { SyncAppend } from '../../store/SyncAppend.js'
import { isAppendError, withSyncAppend } from '../../store/SyncAppend.js'

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
 * Whether the event id at `index` of a batch repeats an earlier one of the batch: compared
 * pairwise (by hash first) in a small batch, through `seen` (the ids so far) in a large one.
 */
const repeatsInBatch = (
  events: ReadonlyArray<EventToAppend>,
  hashes: ReadonlyArray<number>,
  index: number,
  seen: Set<string> | undefined,
): boolean => {
  const eventId = (events[index] as EventToAppend).eventId
  if (seen !== undefined) {
    if (seen.has(eventId)) return true
    seen.add(eventId)
    return false
  }
  const hash = hashes[index]
  for (let j = 0; j < index; j++)
    if (hashes[j] === hash && (events[j] as EventToAppend).eventId === eventId) return true
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
  const buildRecords = recordBuilder(options?.now ?? wallClock)
  const streams = new Map<string, RecordedEvent[]>()
  const log: RecordedEvent[] = []
  const eventIds = new EventIdIndex((position) => (log[position - 1] as RecordedEvent).eventId)
  const listeners = new Set<(headPosition: number) => void>()
  const snapshots = new Map<string, StoredSnapshot>()
  const checkpoints = new Map<string, ProjectionCheckpoint>()
  let closed = false

  const notify = (head: number): void => {
    for (const listener of listeners) {
      try {
        listener(head)
      } catch {
        // A listener's failure is its own: the append is already committed.
      }
    }
  }

  const appendSync: SyncAppend = (streamId, events, appendOptions) => {
    if (closed) return storeClosed
    const stream = streams.get(streamId)
    // Only ids of existing streams are in the map, and they were checked when created.
    if (stream === undefined) {
      const invalid = checkStreamId(streamId)
      if (invalid !== undefined) return invalid
    }
    const actual = stream === undefined ? 0 : stream.length
    if (!matchesExpectedVersion(appendOptions.expectedVersion, actual))
      return wrongExpectedVersion(streamId, appendOptions.expectedVersion, actual)
    if (events.length === 0) return { nextExpectedVersion: actual, records: noRecords }
    // Event ids are unique store-wide: check them all, and build every record (which refuses a
    // value that is not JSON), before storing any, so a refused append leaves no trace.
    const hashes = new Array<number>(events.length)
    const seen = events.length > 16 ? new Set<string>() : undefined
    for (let i = 0; i < events.length; i++) {
      const eventId = (events[i] as EventToAppend).eventId
      const hash = hashId(eventId)
      hashes[i] = hash
      if (eventIds.has(eventId, hash) || repeatsInBatch(events, hashes, i, seen))
        return duplicateEventId(streamId, eventId)
    }
    const position = log.length
    const records = buildRecords(streamId, actual, position, events)
    // A value that is not JSON refuses the whole append, before anything is stored.
    if (!Array.isArray(records)) return records
    const target = stream ?? []
    if (stream === undefined) streams.set(streamId, target)
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as RecordedEvent
      target.push(record)
      log.push(record)
      eventIds.add(hashes[i] as number, position + i + 1)
    }
    if (listeners.size > 0) notify(log.length)
    return { nextExpectedVersion: target.length, records }
  }

  const append: EventStore['append'] = (streamId, events, appendOptions) =>
    Effect.suspend(() => {
      const result = appendSync(streamId, events, appendOptions)
      return isAppendError(result) ? Effect.fail(result) : Effect.succeed(result)
    })

  const guardStream = <A>(streamId: string, body: () => A): Effect.Effect<A, StoreError> =>
    Effect.suspend(() => {
      if (closed) return closedError
      const invalid = streams.has(streamId) ? undefined : checkStreamId(streamId)
      return invalid === undefined ? Effect.succeed(body()) : Effect.fail(invalid)
    })

  const guard = <A>(body: () => A): Effect.Effect<A, StoreError> =>
    Effect.suspend(() => (closed ? closedError : Effect.succeed(body())))

  return {
    append: withSyncAppend(append, appendSync),
    readStream: (streamId, readOptions) =>
      guardStream(streamId, () => {
        const stream = streams.get(streamId)
        return stream === undefined ? noRecords : sliceStream(stream, readOptions)
      }),
    streamVersion: (streamId) => guardStream(streamId, () => streams.get(streamId)?.length ?? 0),
    currentVersion: (streamId) => {
      const stream = closed ? undefined : streams.get(streamId)
      return stream !== undefined
        ? stream.length
        : guardStream(streamId, () => streams.get(streamId)?.length ?? 0)
    },
    readAll: (readOptions?: ReadAllOptions) =>
      guard(() => {
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
        closed = true
        listeners.clear()
      }),
    loadSnapshot: (streamId) => guardStream(streamId, () => snapshots.get(streamId)),
    saveSnapshot: (snapshot) =>
      guardStream(snapshot.streamId, () => {
        snapshots.set(
          snapshot.streamId,
          Object.freeze({
            streamId: snapshot.streamId,
            streamVersion: snapshot.streamVersion,
            stateVersion: snapshot.stateVersion,
            state: freezeJson(snapshot.state),
          }),
        )
      }),
    loadCheckpoint: (name) => guard(() => checkpoints.get(name)),
    saveCheckpoint: (checkpoint) =>
      guard(() => {
        checkpoints.set(
          checkpoint.name,
          Object.freeze({
            name: checkpoint.name,
            position: checkpoint.position,
            readModel: freezeJson(checkpoint.readModel),
          }),
        )
      }),
  }
}
