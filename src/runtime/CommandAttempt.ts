/**
 * The general path of `handle`, one attempt at a time: load the stream (or refresh a stale
 * cache entry), look up a repeated command id, decide, append with the loaded version as the
 * expected version, with spans around load, decide and append. `handle` retries it on a
 * version conflict, holding the stream's lock; the fast path (FastPath.ts) covers the common
 * case of a cached, uncontended stream without a tracer and hands its conflicts over here.
 *
 * @since 0.1.0
 */
import { Clock, Effect } from 'effect'
import type { EventCodec } from '../codec/EventCodec.js'
import type { RecordedEvent } from '../codec/RecordedEvent.js'
import type { StoreError } from '../store/StoreError.js'
import type { HandleError, HandleOptions, HandledDecider, Outcome } from './CommandModel.js'
import { defaultConflictRetry, isConflict } from './CommandModel.js'
import type { EventDecodeFailed } from './errors.js'
import { eventDecodeFailed } from './errors.js'
import { encodeBatch, isoTimestamp, metadataOf } from './EventBatch.js'
import { catchUp, loadPageSize, loadStream } from './Loading.js'
import type { RuntimeStore } from './services.js'
import { IdGenerator } from './services.js'
import { saveSnapshotIfDue } from './Snapshots.js'
import type { CachedStream } from './StateCache.js'
import { indexCommandId } from './StateCache.js'
import { noStackTrace } from './tracing.js'

// -------------------------------------------------------------------------------------
// steps
// -------------------------------------------------------------------------------------

const loadEntry = <State, Event>(
  store: RuntimeStore,
  decider: HandledDecider<unknown, State, Event, unknown>,
  codec: EventCodec<Event>,
  streamId: string,
  options: HandleOptions<State>,
): Effect.Effect<CachedStream<State>, StoreError | EventDecodeFailed> => {
  const commandIds: CachedStream<State>['commandIds'] = new Map()
  return loadStream(store, decider, codec, streamId, options.snapshots, undefined, (record) =>
    indexCommandId(commandIds, record.metadata.commandId, record.streamVersion),
  ).pipe(
    Effect.map((loaded): CachedStream<State> => {
      const entry: CachedStream<State> = {
        state: loaded.state,
        version: loaded.version,
        stale: false,
        commandIds,
        indexedFrom: loaded.fromVersion + 1,
      }
      store.cacheFor<State>(decider).set(streamId, entry)
      return entry
    }),
    Effect.withSpan('foldwise.load', { attributes: { streamId } }, noStackTrace),
  )
}

const refreshEntry = <State, Event>(
  store: RuntimeStore,
  decider: HandledDecider<unknown, State, Event, unknown>,
  codec: EventCodec<Event>,
  streamId: string,
  entry: CachedStream<State>,
): Effect.Effect<CachedStream<State>, StoreError | EventDecodeFailed> =>
  catchUp(store, decider.evolve, codec, streamId, entry, undefined, (record) =>
    indexCommandId(entry.commandIds, record.metadata.commandId, record.streamVersion),
  ).pipe(
    Effect.map((folded) => {
      entry.state = folded.state
      entry.version = folded.version
      entry.stale = false
      return entry
    }),
    Effect.withSpan('foldwise.load', { attributes: { streamId, refresh: true } }, noStackTrace),
  )

/**
 * Whether every event in the command-id window of `entry` has its id indexed.
 *
 * @category guards
 * @since 0.1.0
 */
export const isWindowIndexed = (
  entry: CachedStream<unknown>,
  window: number | undefined,
): boolean =>
  entry.version === 0 ||
  entry.indexedFrom <= Math.max(1, entry.version - (window ?? Number.POSITIVE_INFINITY) + 1)

/** Indexes the command ids of the events in the window that the entry has not seen yet. */
const indexWindow = <State>(
  store: RuntimeStore,
  streamId: string,
  entry: CachedStream<State>,
  window: number | undefined,
): Effect.Effect<void, StoreError> => {
  if (isWindowIndexed(entry, window)) return Effect.void
  const need = Math.max(1, entry.version - (window ?? Number.POSITIVE_INFINITY) + 1)
  const until = entry.indexedFrom - 1
  return Effect.gen(function* () {
    let from = need
    while (from <= until) {
      const page = yield* store.events.readStream(streamId, {
        from,
        to: until,
        limit: loadPageSize,
      })
      for (const record of page)
        indexCommandId(entry.commandIds, record.metadata.commandId, record.streamVersion)
      if (page.length === 0) break
      from = (page[page.length - 1] as RecordedEvent).streamVersion + 1
    }
    entry.indexedFrom = need
  })
}

const replay = <State, Event>(
  store: RuntimeStore,
  decider: HandledDecider<unknown, State, Event, unknown>,
  codec: EventCodec<Event>,
  streamId: string,
  entry: CachedStream<State>,
  commandId: string,
  options: HandleOptions<State>,
): Effect.Effect<Outcome<State, Event>, StoreError | EventDecodeFailed> =>
  Effect.gen(function* () {
    const span = entry.commandIds.get(commandId) as { readonly from: number; readonly to: number }
    const records = yield* store.events.readStream(streamId, { from: span.from, to: span.to })
    const events: Array<Event> = []
    for (const record of records) {
      if (record.metadata.commandId !== commandId) continue
      const decoded = codec.decode(record)
      if (decoded._tag === 'Left') return yield* Effect.fail(eventDecodeFailed(decoded.left))
      events.push(decoded.right)
    }
    const state =
      span.to === entry.version
        ? entry.state
        : (yield* loadStream(store, decider, codec, streamId, options.snapshots, span.to)).state
    return { events, state, version: span.to }
  })

/**
 * Folds a command's appended events into its cache entry and returns the outcome.
 *
 * @category combinators
 * @since 0.1.0
 */
export const recordAppend = <State, Event>(
  decider: HandledDecider<never, State, Event, unknown>,
  commandId: string | undefined,
  entry: CachedStream<State>,
  events: ReadonlyArray<Event>,
  fromVersion: number,
  version: number,
): Outcome<State, Event> => {
  let state = entry.state
  for (let i = 0; i < events.length; i++) state = decider.evolve(state, events[i] as Event)
  entry.state = state
  entry.version = version
  if (commandId !== undefined)
    entry.commandIds.set(commandId, { from: fromVersion + 1, to: version })
  return { events, state, version }
}

const decideAndAppend = <Command, State, Event, Rejection>(
  store: RuntimeStore,
  decider: HandledDecider<Command, State, Event, Rejection>,
  codec: EventCodec<Event>,
  streamId: string,
  command: Command,
  options: HandleOptions<State>,
  entry: CachedStream<State>,
): Effect.Effect<Outcome<State, Event>, HandleError<Rejection>> =>
  Effect.gen(function* () {
    const decided = yield* Effect.withSpan(
      Effect.sync(() => decider.decide(command, entry.state)),
      'foldwise.decide',
      { attributes: { streamId }, captureStackTrace: false },
    )
    if (decided._tag === 'Left') return yield* Effect.fail(decided.left)
    const events = decided.right
    if (events.length === 0) return { events, state: entry.state, version: entry.version }
    const ids = yield* IdGenerator
    const now = yield* Clock.currentTimeMillis
    const batch = encodeBatch(
      codec,
      events,
      ids,
      metadataOf(isoTimestamp(now), options as HandleOptions<unknown>),
    )
    const fromVersion = entry.version
    const result = yield* store.events
      .append(streamId, batch, { expectedVersion: fromVersion })
      .pipe(
        Effect.tapError((error) =>
          Effect.sync(() => {
            if (error._tag === 'WrongExpectedVersion') entry.stale = true
            else store.cacheFor(decider).delete(streamId)
          }),
        ),
        Effect.withSpan(
          'foldwise.append',
          { attributes: { streamId, expectedVersion: fromVersion } },
          noStackTrace,
        ),
      )
    const outcome = recordAppend(
      decider,
      options.commandId,
      entry,
      events,
      fromVersion,
      result.nextExpectedVersion,
    )
    yield* saveSnapshotIfDue(
      store,
      options.snapshots,
      streamId,
      fromVersion,
      outcome.version,
      outcome.state,
    )
    return outcome
  })

/** One attempt: make the cache entry current, then replay a repeated command or decide. */
const attempt = <Command, State, Event, Rejection>(
  store: RuntimeStore,
  decider: HandledDecider<Command, State, Event, Rejection>,
  codec: EventCodec<Event>,
  streamId: string,
  command: Command,
  options: HandleOptions<State>,
): Effect.Effect<Outcome<State, Event>, HandleError<Rejection>> =>
  Effect.suspend(() => {
    const anyDecider = decider as HandledDecider<unknown, State, Event, unknown>
    const cached = store.cacheFor<State>(decider).get(streamId)
    const ready =
      cached === undefined
        ? loadEntry(store, anyDecider, codec, streamId, options)
        : cached.stale
          ? refreshEntry(store, anyDecider, codec, streamId, cached)
          : Effect.succeed(cached)
    const commandId = options.commandId
    if (commandId === undefined)
      return Effect.flatMap(ready, (entry) =>
        decideAndAppend(store, decider, codec, streamId, command, options, entry),
      )
    return Effect.flatMap(ready, (entry) =>
      Effect.flatMap(indexWindow(store, streamId, entry, options.commandIdWindow), () =>
        entry.commandIds.has(commandId)
          ? replay(store, anyDecider, codec, streamId, entry, commandId, options)
          : decideAndAppend(store, decider, codec, streamId, command, options, entry),
      ),
    )
  })

// -------------------------------------------------------------------------------------
// handling
// -------------------------------------------------------------------------------------

/**
 * Attempts a command, retrying on a version conflict under the retry schedule of `options`.
 * When `firstConflict` is given, the first attempt already happened (on the fast path) and
 * failed with it, so the schedule counts it. The caller holds the stream's lock.
 *
 * @category handling
 * @since 0.1.0
 */
export const attemptWithRetry = <Command, State, Event, Rejection>(
  store: RuntimeStore,
  decider: HandledDecider<Command, State, Event, Rejection>,
  codec: EventCodec<Event>,
  streamId: string,
  command: Command,
  options: HandleOptions<State>,
  firstConflict?: StoreError,
): Effect.Effect<Outcome<State, Event>, HandleError<Rejection>> => {
  const each = attempt(store, decider, codec, streamId, command, options)
  const schedule = { schedule: options.retry ?? defaultConflictRetry, while: isConflict }
  if (firstConflict === undefined) return Effect.retry(each, schedule)
  return Effect.suspend(() => {
    let pending: StoreError | undefined = firstConflict
    const first = Effect.suspend(() => {
      if (pending === undefined) return each
      const conflict = pending
      pending = undefined
      return Effect.fail(conflict)
    })
    return Effect.retry(first, schedule)
  })
}
