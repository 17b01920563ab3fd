/**
 * The Promise face of the store port, for users who do not use Effect: every method returns a
 * Promise of an fp-ts `Either`, `Left` holding the store error. Expected failures never reject;
 * only defects (bugs, broken invariants) do.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import type { Either } from 'fp-ts/lib/Either.js'
import { left, right } from 'fp-ts/lib/Either.js'
import type { EventToAppend, RecordedEvent } from '../codec/RecordedEvent.js'
import type {
  AppendOptions,
  AppendResult,
  CheckpointStore,
  EventStore,
  ProjectionCheckpoint,
  ReadAllOptions,
  ReadStreamOptions,
  SnapshotStore,
  StoredSnapshot,
  Unsubscribe,
} from './EventStore.js'
import type { StoreError } from './StoreError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The event store as Promises of `Either`.
 *
 * @category model
 * @since 0.1.0
 */
export interface PromiseEventStore {
  readonly append: (
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    options: AppendOptions,
  ) => Promise<Either<StoreError, AppendResult>>
  readonly readStream: (
    streamId: string,
    options?: ReadStreamOptions,
  ) => Promise<Either<StoreError, ReadonlyArray<RecordedEvent>>>
  readonly streamVersion: (streamId: string) => Promise<Either<StoreError, number>>
  readonly readAll: (
    options?: ReadAllOptions,
  ) => Promise<Either<StoreError, ReadonlyArray<RecordedEvent>>>
  readonly headPosition: () => Promise<Either<StoreError, number>>
  readonly onAppend: (
    listener: (headPosition: number) => void,
  ) => Promise<Either<StoreError, Unsubscribe>>
  /** Closing cannot fail, so it resolves to nothing. */
  readonly close: () => Promise<void>
}

/**
 * The snapshot store as Promises of `Either` (part of what `toPromiseStore` returns).
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface PromiseSnapshotStore {
  readonly loadSnapshot: (
    streamId: string,
  ) => Promise<Either<StoreError, StoredSnapshot | undefined>>
  readonly saveSnapshot: (snapshot: StoredSnapshot) => Promise<Either<StoreError, void>>
}

/**
 * The checkpoint store as Promises of `Either` (part of what `toPromiseStore` returns).
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface PromiseCheckpointStore {
  readonly loadCheckpoint: (
    name: string,
  ) => Promise<Either<StoreError, ProjectionCheckpoint | undefined>>
  readonly saveCheckpoint: (checkpoint: ProjectionCheckpoint) => Promise<Either<StoreError, void>>
}

// -------------------------------------------------------------------------------------
// running
// -------------------------------------------------------------------------------------

/**
 * Runs a store effect as a Promise of `Either`: a store error is a `Left`, a defect rejects.
 *
 * @example
 * import { Effect } from 'effect'
 * import { runEither } from './src/store/PromiseEventStore.js'
 * const result = await runEither(Effect.fail({ _tag: 'StoreClosed' } as const))
 * assert.deepStrictEqual(result, { _tag: 'Left', left: { _tag: 'StoreClosed' } })
 *
 * @category running
 * @since 0.1.0
 */
export const runEither = <A, E>(effect: Effect.Effect<A, E>): Promise<Either<E, A>> =>
  Effect.runPromise(Effect.result(effect)).then((result) =>
    result._tag === 'Success' ? right(result.success) : left(result.failure),
  )

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The Promise face of a store: of each part the store has (an `EventStore`, a `SnapshotStore`,
 * a `CheckpointStore`, or all three as the memory, file and PostgreSQL stores are), the same
 * methods returning Promises of `Either`.
 *
 * @example
 * import { makeMemoryStore } from 'foldwise/adapters/memory'
 * import { toPromiseStore } from 'foldwise/store'
 * const store = toPromiseStore(makeMemoryStore())
 * const event = { eventId: 'e1', type: 'Opened', schemaVersion: 1, data: {}, metadata: {} }
 * await store.append('account-1', [event], { expectedVersion: 'no_stream' })
 * const again = await store.append('account-1', [event], { expectedVersion: 'no_stream' })
 * assert.strictEqual(again._tag === 'Left' && again.left._tag, 'WrongExpectedVersion')
 * await store.saveCheckpoint({ name: 'balances', position: 1, readModel: {} })
 * const checkpoint = await store.loadCheckpoint('balances')
 * assert.strictEqual(checkpoint._tag === 'Right' && checkpoint.right?.position, 1)
 *
 * @category constructors
 * @since 0.1.0
 */
export const toPromiseStore = <Store extends EventStore | SnapshotStore | CheckpointStore>(
  store: Store,
): (Store extends EventStore ? PromiseEventStore : unknown) &
  (Store extends SnapshotStore ? PromiseSnapshotStore : unknown) &
  (Store extends CheckpointStore ? PromiseCheckpointStore : unknown) => {
  const face: Partial<PromiseEventStore & PromiseSnapshotStore & PromiseCheckpointStore> = {
    ...('append' in store ? eventStoreFace(store) : {}),
    ...('saveSnapshot' in store ? snapshotStoreFace(store) : {}),
    ...('saveCheckpoint' in store ? checkpointStoreFace(store) : {}),
  }
  return face as (Store extends EventStore ? PromiseEventStore : unknown) &
    (Store extends SnapshotStore ? PromiseSnapshotStore : unknown) &
    (Store extends CheckpointStore ? PromiseCheckpointStore : unknown)
}

const eventStoreFace = (store: EventStore): PromiseEventStore => ({
  append: (streamId, events, options) => runEither(store.append(streamId, events, options)),
  readStream: (streamId, options) => runEither(store.readStream(streamId, options)),
  streamVersion: (streamId) => runEither(store.streamVersion(streamId)),
  readAll: (options) => runEither(store.readAll(options)),
  headPosition: () => runEither(store.headPosition()),
  onAppend: (listener) => runEither(store.onAppend(listener)),
  close: () => Effect.runPromise(store.close()),
})

const snapshotStoreFace = (store: SnapshotStore): PromiseSnapshotStore => ({
  loadSnapshot: (streamId) => runEither(store.loadSnapshot(streamId)),
  saveSnapshot: (snapshot) => runEither(store.saveSnapshot(snapshot)),
})

const checkpointStoreFace = (store: CheckpointStore): PromiseCheckpointStore => ({
  loadCheckpoint: (name) => runEither(store.loadCheckpoint(name)),
  saveCheckpoint: (checkpoint) => runEither(store.saveCheckpoint(checkpoint)),
})
