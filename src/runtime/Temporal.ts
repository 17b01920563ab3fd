/**
 * Temporal queries: a stream's state as it was at a version or at an instant, and its history
 * for audit. An instant means a version by the one time rule (TimeRule.ts); the state starts
 * from the newest usable snapshot at or before that version.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import type { EventCodec } from '../codec/EventCodec.js'
import type { View } from '../kernel/View.js'
import type { EventMetadata, RecordedEvent } from '../codec/RecordedEvent.js'
import type { EventStore } from '../store/EventStore.js'
import type { StoreError } from '../store/StoreError.js'
import type { EventDecodeFailed } from './errors.js'
import { eventDecodeFailed } from './errors.js'
import type { FoldedStream } from './Loading.js'
import { loadPageSize, loadStream } from './Loading.js'
import { EventStoreService } from './services.js'
import type { SnapshotPolicy } from './Snapshots.js'
import { prefixLengthAsOf } from './TimeRule.js'
import { checkHistoryRange, checkPointInTime } from './ReadArguments.js'

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

// -------------------------------------------------------------------------------------
// queries
// -------------------------------------------------------------------------------------

/**
 * Reads a stream page by page up to its first record after the instant `at` (milliseconds
 * since the epoch) and answers the stream's version as of `at` by the time rule (TimeRule.ts):
 * the length of its longest prefix recorded at or before `at`. `visit` gets each page with the
 * count of its records in that prefix, so a caller that needs the records folds or keeps them
 * on this one read instead of reading the stream again.
 */
const scanAsOf = <E>(
  store: EventStore,
  streamId: string,
  at: number,
  visit: (page: ReadonlyArray<RecordedEvent>, qualifying: number) => E | undefined,
): Effect.Effect<number, StoreError | E> =>
  Effect.gen(function* () {
    let version = 0
    for (;;) {
      const page = yield* store.readStream(streamId, { from: version + 1, limit: loadPageSize })
      const qualifying = prefixLengthAsOf(page, at)
      const refused = visit(page, qualifying)
      if (refused !== undefined) return yield* Effect.fail(refused)
      if (qualifying > 0) version = (page[qualifying - 1] as RecordedEvent).streamVersion
      if (qualifying < page.length || page.length < loadPageSize) return version
    }
  })

/** Nothing to do with the records a scan reads. */
const ignorePages = (): undefined => undefined

/**
 * The stream's version as of the instant `at` (milliseconds since the epoch), by the time rule
 * (TimeRule.ts). Reads the records page by page, up to the first one recorded after `at`.
 *
 * @category queries
 * @since 0.1.0
 */
export const versionAsOf = (
  store: EventStore,
  streamId: string,
  at: number,
): Effect.Effect<number, StoreError> => scanAsOf<never>(store, streamId, at, ignorePages)

/**
 * The state after the stream's prefix recorded at or before `at` (milliseconds), folded while
 * that prefix is read: one read of the stream, for callers without snapshots.
 */
const foldAsOf = <State, Event>(
  store: EventStore,
  decider: View<State, Event>,
  codec: EventCodec<Event>,
  streamId: string,
  at: number,
): Effect.Effect<FoldedStream<State>, StoreError | EventDecodeFailed> => {
  let state = decider.initialState
  return Effect.map(
    scanAsOf(store, streamId, at, (page, qualifying): EventDecodeFailed | undefined => {
      for (let i = 0; i < qualifying; i++) {
        const decoded = codec.decode(page[i] as RecordedEvent)
        if (decoded._tag === 'Left') return eventDecodeFailed(decoded.left)
        state = decider.evolve(state, decoded.right)
      }
      return undefined
    }),
    (version): FoldedStream<State> => ({ state, version }),
  )
}

/**
 * The state of a stream as it was after `{ version }` (clamped to the stream's length) or at
 * the instant `{ at }`: after the longest prefix of the stream whose events were all recorded
 * at or before it (the time rule, TimeRule.ts; with skewed clocks an event recorded before
 * `at` but stored after one recorded later is not counted). A snapshot is used for an instant
 * only when its whole prefix qualifies; without a snapshot policy, the state at an instant is
 * folded on the one read that finds its prefix. Reads the cache of no command handler: it always
 * answers from the store. A point that is not exactly one of a non-negative integer `version`
 * and an ISO-8601 `at` is refused as `InvalidArgument` naming it (ReadArguments.ts).
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
  decider: View<State, Event>,
  codec: EventCodec<Event>,
  streamId: string,
  point: PointInTime,
  options: { readonly snapshots?: SnapshotPolicy<State> } = {},
): Effect.Effect<FoldedStream<State>, StoreError | EventDecodeFailed, EventStoreService> =>
  Effect.gen(function* () {
    const refused = checkPointInTime(point)
    if (refused !== undefined) return yield* Effect.fail(refused)
    const store = yield* EventStoreService
    // Checked above: exactly one of the two is given.
    const at = 'at' in point && point.at !== undefined ? Date.parse(point.at) : undefined
    // Without snapshots, an instant's state is folded on the read that finds its prefix.
    if (at !== undefined && options.snapshots === undefined)
      return yield* foldAsOf(store.events, decider, codec, streamId, at)
    // An instant is a version by the time rule; the newest snapshot at or before that version
    // has a qualifying prefix by construction.
    const version =
      at === undefined
        ? (point as { readonly version: number }).version
        : yield* versionAsOf(store.events, streamId, at)
    const loaded = yield* loadStream(store, decider, codec, streamId, options.snapshots, version)
    return { state: loaded.state, version: loaded.version }
  })

/**
 * What happened on a stream, decoded, in order (optionally between two versions, inclusive,
 * and as of an instant `at` by the time rule: only the stream's longest prefix recorded at or
 * before it). A reversed range, a bound that is not a non-negative integer or an `at` that is
 * not an ISO-8601 instant is refused as `InvalidArgument` naming it.
 *
 * @category queries
 * @since 0.1.0
 */
export const history = <Event>(
  codec: EventCodec<Event>,
  streamId: string,
  range: { readonly from?: number; readonly to?: number; readonly at?: string } = {},
): Effect.Effect<
  ReadonlyArray<HistoryEntry<Event>>,
  StoreError | EventDecodeFailed,
  EventStoreService
> =>
  Effect.gen(function* () {
    const refused = checkHistoryRange(range)
    if (refused !== undefined) return yield* Effect.fail(refused)
    const store = yield* EventStoreService
    const from = range.from ?? 1
    const bounds = range.to === undefined ? { from } : { from, to: range.to }
    const entries: Array<HistoryEntry<Event>> = []
    const keep = (record: RecordedEvent): EventDecodeFailed | undefined => {
      const decoded = codec.decode(record)
      if (decoded._tag === 'Left') return eventDecodeFailed(decoded.left)
      entries.push({
        version: record.streamVersion,
        globalPosition: record.globalPosition,
        eventId: record.eventId,
        recordedAt: record.metadata.recordedAt,
        event: decoded.right,
        metadata: record.metadata,
      })
      return undefined
    }
    if (range.at === undefined) {
      const records = yield* store.events.readStream(streamId, bounds)
      for (let i = 0; i < records.length; i++) {
        const refused = keep(records[i] as RecordedEvent)
        if (refused !== undefined) return yield* Effect.fail(refused)
      }
      return entries
    }
    // As of an instant: the entries are kept on the one read that finds the qualifying prefix
    // (the bounds were checked above, since the store never sees them).
    const last = range.to ?? Number.MAX_SAFE_INTEGER
    yield* scanAsOf(
      store.events,
      streamId,
      Date.parse(range.at),
      (page, qualifying): EventDecodeFailed | undefined => {
        for (let i = 0; i < qualifying; i++) {
          const record = page[i] as RecordedEvent
          if (record.streamVersion < from || record.streamVersion > last) continue
          const failed = keep(record)
          if (failed !== undefined) return failed
        }
        return undefined
      },
    )
    return entries
  })
