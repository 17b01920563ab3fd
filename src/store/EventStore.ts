/**
 * The store port: every adapter (memory, file, PostgreSQL, a user's own) implements it and
 * passes the conformance suite in `foldwise/testing`. Nothing here assumes one process or
 * memory-only state.
 *
 * @since 0.1.0
 */
import type { Effect } from 'effect'
import type { EventToAppend, Json, RecordedEvent } from '../codec/RecordedEvent.js'
import type { ExpectedVersion } from './ExpectedVersion.js'
import type { StoreError } from './StoreError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Options of an append.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface AppendOptions {
  readonly expectedVersion: ExpectedVersion
}

/**
 * What an append wrote: the stream's new version and the stored records, with their global
 * positions.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface AppendResult {
  readonly nextExpectedVersion: number
  readonly records: ReadonlyArray<RecordedEvent>
}

/**
 * A range of one stream. `from` and `to` are inclusive stream versions (1-based) whatever the
 * direction; `direction` orders the result and `limit` keeps its first `limit` records, so
 * `{ direction: 'backward', limit: 1 }` is the last event.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface ReadStreamOptions {
  readonly from?: number
  readonly to?: number
  readonly limit?: number
  readonly direction?: 'forward' | 'backward'
}

/**
 * A range of the store-wide log: from `fromPosition` (inclusive, default 1) onwards, in order.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface ReadAllOptions {
  readonly fromPosition?: number
  readonly limit?: number
}

/**
 * Stops a notification.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export type Unsubscribe = () => void

/**
 * The event store port.
 *
 * @category model
 * @since 0.1.0
 */
export interface EventStore {
  /**
   * Appends atomically: all the events or none, checked against `expectedVersion`. An empty
   * append checks the expected version, writes nothing and returns the current version.
   * Invalid ids are refused with `InvalidStreamId` here and by every read.
   */
  readonly append: (
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    options: AppendOptions,
  ) => Effect.Effect<AppendResult, StoreError>
  /** Reads one stream; an absent stream reads as empty. Records are frozen. */
  readonly readStream: (
    streamId: string,
    options?: ReadStreamOptions,
  ) => Effect.Effect<ReadonlyArray<RecordedEvent>, StoreError>
  /** The stream's version: the number of events in it, 0 when absent. */
  readonly streamVersion: (streamId: string) => Effect.Effect<number, StoreError>
  /**
   * Optional: the stream's version answered without reading events, as a plain number when
   * the adapter knows it on the spot (memory, file), else as an Effect. Same answer and same
   * errors as `streamVersion`; the runtime asks it to check a cached state before returning a
   * decision that appends nothing.
   */
  readonly currentVersion?: (streamId: string) => number | Effect.Effect<number, StoreError>
  /** Reads the store-wide log in global order. A reader never sees a gap that later fills in. */
  readonly readAll: (
    options?: ReadAllOptions,
  ) => Effect.Effect<ReadonlyArray<RecordedEvent>, StoreError>
  /** The global position of the last committed event (0 for an empty store). */
  readonly headPosition: () => Effect.Effect<number, StoreError>
  /**
   * Calls `listener` with the new head position after appends become readable (in this
   * process, and from other processes where the adapter can notice them). Notifications may
   * be coalesced; a listener reads with `readAll` from its own checkpoint. A listener that
   * throws breaks neither the append nor other listeners. When the store closes, every
   * listener is called once more and then dropped, so a reader waiting for appends wakes and
   * meets `StoreClosed` instead of waiting for ever.
   */
  readonly onAppend: (
    listener: (headPosition: number) => void,
  ) => Effect.Effect<Unsubscribe, StoreError>
  /** Releases files, locks and connections; later calls fail with `StoreClosed`. */
  readonly close: () => Effect.Effect<void>
}

/**
 * A stored snapshot of one stream's state, encoded by a versioned state codec.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface StoredSnapshot {
  readonly streamId: string
  /** The stream version the state was folded up to. */
  readonly streamVersion: number
  /** The version of the state codec that wrote `state`. */
  readonly stateVersion: number
  readonly state: Json
}

/**
 * Where snapshots live; one (the newest saved) per stream.
 *
 * @category model
 * @since 0.1.0
 */
export interface SnapshotStore {
  readonly loadSnapshot: (streamId: string) => Effect.Effect<StoredSnapshot | undefined, StoreError>
  readonly saveSnapshot: (snapshot: StoredSnapshot) => Effect.Effect<void, StoreError>
}

/**
 * A projection's read model with the global position it has applied up to, saved together.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface ProjectionCheckpoint {
  readonly name: string
  /** The global position of the last event applied (0 before any). */
  readonly position: number
  readonly readModel: Json
}

/**
 * Where projections keep their read model and checkpoint, written atomically together.
 *
 * @category model
 * @since 0.1.0
 */
export interface CheckpointStore {
  readonly loadCheckpoint: (
    name: string,
  ) => Effect.Effect<ProjectionCheckpoint | undefined, StoreError>
  readonly saveCheckpoint: (checkpoint: ProjectionCheckpoint) => Effect.Effect<void, StoreError>
}
