/**
 * Temporal queries: a stream's state as it was at a version or at an instant, and its history
 * for audit. Both start from the newest usable snapshot at or before the point asked for.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import type { EventCodec } from '../codec/EventCodec.js'
import type { View } from '../kernel/View.js'
import type { EventMetadata, RecordedEvent } from '../codec/RecordedEvent.js'
import type { StoreError } from '../store/StoreError.js'
import type { EventDecodeFailed } from './errors.js'
import { eventDecodeFailed } from './errors.js'
import type { FoldedStream } from './Loading.js'
import { loadPageSize, loadStream } from './Loading.js'
import { EventStoreService } from './services.js'
import type { SnapshotPolicy } from './Snapshots.js'
import { loadUsableSnapshot } from './Snapshots.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A point in a stream's life: after a given version, or at an instant (ISO-8601).
 *
 * @category model
 * @since 0.1.0
 */
export type PointInTime = { readonly version: number } | { readonly at: string }

/**
 * One line of a stream's history.
 *
 * @category model
 * @since 0.1.0
 */
export interface HistoryEntry<Event> {
  readonly version: number
  readonly globalPosition: number
  readonly eventId: string
  readonly recordedAt: string
  readonly event: Event
  readonly metadata: EventMetadata
}

/**
 * What a temporal query needs of a decider: the kernel's `View` (initial state and `evolve`).
 *
 * @category model
 * @since 0.1.0
 */
export type Folding<State, Event> = View<State, Event>

// -------------------------------------------------------------------------------------
// queries
// -------------------------------------------------------------------------------------

const stateAtInstant = <State, Event>(
  decider: Folding<State, Event>,
  codec: EventCodec<Event>,
  streamId: string,
  at: number,
  snapshots: SnapshotPolicy<State> | undefined,
): Effect.Effect<FoldedStream<State>, StoreError | EventDecodeFailed, EventStoreService> =>
  Effect.gen(function* () {
    const store = yield* EventStoreService
    let start: FoldedStream<State> = { state: decider.initialState, version: 0 }
    const snapshot = yield* loadUsableSnapshot(store, snapshots, streamId, Number.MAX_SAFE_INTEGER)
    if (snapshot !== undefined) {
      const [last] = yield* store.events.readStream(streamId, {
        from: snapshot.version,
        to: snapshot.version,
      })
      if (last !== undefined && Date.parse(last.metadata.recordedAt) <= at) start = snapshot
    }
    let state = start.state
    let version = start.version
    // Events are recorded in version order, so the first one after `at` ends the fold.
    for (;;) {
      const page = yield* store.events.readStream(streamId, {
        from: version + 1,
        limit: loadPageSize,
      })
      for (const record of page) {
        if (Date.parse(record.metadata.recordedAt) > at) return { state, version }
        const decoded = codec.decode(record)
        if (decoded._tag === 'Left') return yield* Effect.fail(eventDecodeFailed(decoded.left))
        state = decider.evolve(state, decoded.right)
        version = record.streamVersion
      }
      if (page.length < loadPageSize) return { state, version }
    }
  })

/**
 * The state of a stream as it was after `{ version }` (clamped to the stream's length) or at
 * the instant `{ at }` (after every event recorded at or before it). Reads the cache of no
 * command handler: it always answers from the store.
 *
 * @example
 * import { Effect } from 'effect'
 * import { makeMemoryStore } from 'foldwise/adapters/memory'
 * import { EventStoreService, stateAt } from 'foldwise/runtime'
 * import type { BankEvent } from './src/examples/bank.js'
 * import { bankAccount } from './src/examples/bank.js'
 * import { bankEventCodec } from './src/examples/bank.codec.js'
 * const store = makeMemoryStore()
 * const recorded = (eventId: string, recordedAt: string, event: BankEvent) => {
 *   const encoded = bankEventCodec.encode(event)
 *   return { eventId, type: encoded.type, schemaVersion: encoded.schemaVersion, data: encoded.data, metadata: { recordedAt } }
 * }
 * await Effect.runPromise(store.append('account-1', [
 *   recorded('e1', '2024-03-01T09:00:00.000Z', { type: 'AccountOpened', accountId: 'account-1', owner: 'Ada', initialBalance: 1000, currency: 'EUR' }),
 *   recorded('e2', '2024-03-01T17:00:00.000Z', { type: 'MoneyWithdrawn', amount: 200 }),
 * ], { expectedVersion: 'no_stream' }))
 * // The balance at 3 pm that day, before the 5 pm withdrawal:
 * const atThree = await Effect.runPromise(
 *   stateAt(bankAccount, bankEventCodec, 'account-1', { at: '2024-03-01T15:00:00.000Z' })
 *     .pipe(Effect.provide(EventStoreService.layer(store))),
 * )
 * assert.strictEqual(atThree.state.balance, 1000)
 *
 * @category queries
 * @since 0.1.0
 */
export const stateAt = <State, Event>(
  decider: Folding<State, Event>,
  codec: EventCodec<Event>,
  streamId: string,
  point: PointInTime,
  options: { readonly snapshots?: SnapshotPolicy<State> } = {},
): Effect.Effect<FoldedStream<State>, StoreError | EventDecodeFailed, EventStoreService> =>
  'version' in point
    ? Effect.flatMap(EventStoreService, (store) =>
        loadStream(store, decider, codec, streamId, options.snapshots, Math.max(0, point.version)),
      ).pipe(Effect.map((loaded) => ({ state: loaded.state, version: loaded.version })))
    : stateAtInstant(decider, codec, streamId, Date.parse(point.at), options.snapshots)

/**
 * What happened on a stream, decoded, in order (optionally between two versions, inclusive).
 *
 * @category queries
 * @since 0.1.0
 */
export const history = <Event>(
  codec: EventCodec<Event>,
  streamId: string,
  range: { readonly from?: number; readonly to?: number } = {},
): Effect.Effect<
  ReadonlyArray<HistoryEntry<Event>>,
  StoreError | EventDecodeFailed,
  EventStoreService
> =>
  Effect.gen(function* () {
    const store = yield* EventStoreService
    const records: ReadonlyArray<RecordedEvent> = yield* store.events.readStream(
      streamId,
      range.to === undefined ? { from: range.from ?? 1 } : { from: range.from ?? 1, to: range.to },
    )
    const entries: Array<HistoryEntry<Event>> = []
    for (const record of records) {
      const decoded = codec.decode(record)
      if (decoded._tag === 'Left') return yield* Effect.fail(eventDecodeFailed(decoded.left))
      entries.push({
        version: record.streamVersion,
        globalPosition: record.globalPosition,
        eventId: record.eventId,
        recordedAt: record.metadata.recordedAt,
        event: decoded.right,
        metadata: record.metadata,
      })
    }
    return entries
  })
