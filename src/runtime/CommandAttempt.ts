/**
 * The general path of `handle`, one attempt at a time: load the stream (or refresh a stale
 * cache entry), look up a repeated command id within the window, decide, and hand the events
 * to `commitEvents` (Commit.ts), with spans around load, decide and append. A rejection or an
 * empty decision made on a cached entry is checked against the stream's version before it is
 * returned, since no append would catch a stale entry. Store reads that fail with
 * `StoreUnavailable` are retried under `unavailableRetry`; `handle` retries the attempt on a
 * version conflict, holding the stream's lock. The fast path (FastPath.ts) covers a cached,
 * uncontended stream without a tracer and hands everything else over here.
 *
 * @since 0.1.0
 */
import { Clock, Effect } from 'effect'
import type { EventCodec } from '../codec/EventCodec.js'
import type { StoreError } from '../store/StoreError.js'
import { indexWindow, pruneCommandIds, rememberedSpan, spanStart } from './CommandIds.js'
import type { HandleError, HandleOptions, HandledDecider, Outcome } from './CommandModel.js'
import {
  defaultConflictRetry,
  defaultUnavailableRetry,
  isConflict,
  isUnavailable,
} from './CommandModel.js'
import { commitEvents } from './Commit.js'
import type { EventDecodeFailed } from './errors.js'
import { eventDecodeFailed } from './errors.js'
import { catchUp, loadStream } from './Loading.js'
import type { RuntimeStore } from './services.js'
import { IdGenerator } from './services.js'
import type { CachedStream, CommandSpan } from './StateCache.js'
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
): Effect.Effect<CachedStream<State>, StoreError | EventDecodeFailed> =>
  Effect.suspend(() => {
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
        pruneCommandIds(entry, options.commandIdWindow)
        store.cacheFor<State>(decider).set(streamId, entry)
        return entry
      }),
    )
  }).pipe(Effect.withSpan('foldwise.load', { attributes: { streamId } }, noStackTrace))

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

const replay = <State, Event>(
  store: RuntimeStore,
  decider: HandledDecider<unknown, State, Event, unknown>,
  codec: EventCodec<Event>,
  streamId: string,
  entry: CachedStream<State>,
  commandId: string,
  span: CommandSpan,
  options: HandleOptions<State>,
): Effect.Effect<Outcome<State, Event>, StoreError | EventDecodeFailed> =>
  Effect.gen(function* () {
    const from = yield* spanStart(store, streamId, entry, commandId, span)
    const records = yield* store.events.readStream(streamId, { from, to: span.to })
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
 * Whether a decision computed from a cached entry still holds: a rejection or an empty
 * decision appends nothing, so no expected-version check would catch a stale entry. The
 * stream's version is read; if it moved, the entry is marked stale (or dropped, if the stream
 * is shorter than the entry) and `false` returned, to decide again on the current state.
 */
const isStillCurrent = (
  store: RuntimeStore,
  decider: object,
  streamId: string,
  entry: CachedStream<unknown>,
): Effect.Effect<boolean, StoreError> =>
  Effect.map(store.events.streamVersion(streamId), (version) => {
    if (version === entry.version) return true
    if (version > entry.version) entry.stale = true
    else store.cacheFor(decider).delete(streamId)
    return false
  })

const decideAndAppend = <Command, State, Event, Rejection>(
  store: RuntimeStore,
  decider: HandledDecider<Command, State, Event, Rejection>,
  codec: EventCodec<Event>,
  streamId: string,
  command: Command,
  options: HandleOptions<State>,
  entry: CachedStream<State>,
  fresh: boolean,
): Effect.Effect<Outcome<State, Event>, HandleError<Rejection>> =>
  Effect.gen(function* () {
    const decided = yield* Effect.withSpan(
      Effect.sync(() => decider.decide(command, entry.state)),
      'foldwise.decide',
      { attributes: { streamId }, captureStackTrace: false },
    )
    if (decided._tag === 'Left' || decided.right.length === 0) {
      if (!fresh && !(yield* readRetried(isStillCurrent(store, decider, streamId, entry), options)))
        return yield* attempt(store, decider, codec, streamId, command, options)
      if (decided._tag === 'Left') return yield* Effect.fail(decided.left)
      return { events: decided.right, state: entry.state, version: entry.version }
    }
    const ids = yield* IdGenerator
    const now = yield* Clock.currentTimeMillis
    return yield* commitEvents(
      store,
      decider as HandledDecider<never, State, Event, unknown>,
      codec,
      streamId,
      options,
      entry,
      decided.right,
      ids,
      now,
    )
  })

/** A store read retried under the command's `unavailableRetry` schedule (reads are safe to repeat). */
const readRetried = <A, E, State>(
  effect: Effect.Effect<A, E>,
  options: HandleOptions<State>,
): Effect.Effect<A, E> =>
  Effect.retry(effect, {
    schedule: options.unavailableRetry ?? defaultUnavailableRetry,
    while: isUnavailable,
  })

/**
 * One attempt: make the cache entry current, then replay a repeated command or decide. A
 * decision that appends nothing, made on a cached entry, is checked against the stream's
 * version first (and made again on the current state if it moved).
 */
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
    const fresh = cached === undefined || cached.stale
    const ready = readRetried(
      cached === undefined
        ? loadEntry(store, anyDecider, codec, streamId, options)
        : cached.stale
          ? refreshEntry(store, anyDecider, codec, streamId, cached)
          : Effect.succeed(cached),
      options,
    )
    const commandId = options.commandId
    if (commandId === undefined)
      return Effect.flatMap(ready, (entry) =>
        decideAndAppend(store, decider, codec, streamId, command, options, entry, fresh),
      )
    const window = options.commandIdWindow
    return Effect.flatMap(ready, (entry) =>
      Effect.flatMap(readRetried(indexWindow(store, streamId, entry, window), options), () => {
        const span = rememberedSpan(entry, commandId, window)
        return span !== undefined
          ? readRetried(
              replay(store, anyDecider, codec, streamId, entry, commandId, span, options),
              options,
            )
          : decideAndAppend(store, decider, codec, streamId, command, options, entry, fresh)
      }),
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
