/**
 * `handle`: load a stream's state (cache, or snapshot plus the events after it), decide,
 * encode, append with the loaded version as the expected version, and return the new events,
 * state and version. Rejections travel in the error channel with the domain's own tags.
 *
 * Idempotency: a command may carry `commandId`; the id is written into the metadata of every
 * event the command produced, so every adapter supports it and an id is remembered for as
 * long as those events are in the stream (within `commandIdWindow` most recent events). A
 * command that produced no events leaves no trace and is decided again.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Schedule } from 'effect'
import type { Either } from 'fp-ts/lib/Either.js'
import type { EventCodec } from '../codec/EventCodec.js'
import type { EventToAppend, Json, RecordedEvent } from '../codec/RecordedEvent.js'
import type { StoreError } from '../store/StoreError.js'
import type { EventDecodeFailed } from './errors.js'
import { eventDecodeFailed } from './errors.js'
import { catchUp, loadPageSize, loadStream } from './Loading.js'
import type { RuntimeStore } from './services.js'
import { noStackTrace } from './tracing.js'
import { EventStoreService, IdGenerator } from './services.js'
import type { SnapshotPolicy } from './Snapshots.js'
import { saveSnapshotIfDue } from './Snapshots.js'
import type { CachedStream } from './StateCache.js'
import { indexCommandId } from './StateCache.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What `handle` needs of a decider (a kernel `Decider` fits).
 *
 * @category model
 * @since 0.1.0
 */
export interface HandledDecider<Command, State, Event, Rejection> {
  readonly initialState: State
  readonly decide: (command: Command, state: State) => Either<Rejection, ReadonlyArray<Event>>
  readonly evolve: (state: State, event: Event) => State
}

/**
 * Options of one command.
 *
 * @category model
 * @since 0.1.0
 */
export interface HandleOptions<State> {
  /** Makes the command idempotent on its stream. */
  readonly commandId?: string
  readonly correlationId?: string
  readonly causationId?: string
  /** Extra metadata fields written with every event. */
  readonly metadata?: { readonly [key: string]: Json }
  /** The decider's snapshot policy. Default: never. */
  readonly snapshots?: SnapshotPolicy<State>
  /** Retries after a version conflict. Default: `defaultConflictRetry`. */
  readonly retry?: Schedule.Schedule<unknown, unknown>
  /** How many most recent events are searched for a repeated command id. Default: all. */
  readonly commandIdWindow?: number
}

/**
 * The result of a handled command.
 *
 * @category model
 * @since 0.1.0
 */
export interface Outcome<State, Event> {
  readonly events: ReadonlyArray<Event>
  readonly state: State
  readonly version: number
}

/**
 * What `handle` may fail with: the domain's rejection, a store error, or an unreadable event.
 *
 * @category model
 * @since 0.1.0
 */
export type HandleError<Rejection> = Rejection | StoreError | EventDecodeFailed

/**
 * Up to four retries after a version conflict, with jittered exponential backoff from 5 ms.
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaultConflictRetry: Schedule.Schedule<unknown, unknown> = Schedule.exponential(
  '5 millis',
).pipe(Schedule.jittered, Schedule.upTo({ times: 4 }))

const isConflict = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  (error as { _tag?: unknown })._tag === 'WrongExpectedVersion'

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

const loadEntry = <State, Event>(
  store: RuntimeStore,
  decider: HandledDecider<unknown, State, Event, unknown>,
  codec: EventCodec<Event>,
  streamId: string,
  snapshots: SnapshotPolicy<State> | undefined,
): Effect.Effect<CachedStream<State>, StoreError | EventDecodeFailed> => {
  const commandIds: CachedStream<State>['commandIds'] = new Map()
  return loadStream(store, decider, codec, streamId, snapshots, undefined, (record) =>
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

/** Indexes the command ids of the events in the window that the entry has not seen yet. */
const indexWindow = <State>(
  store: RuntimeStore,
  streamId: string,
  entry: CachedStream<State>,
  window: number,
): Effect.Effect<void, StoreError> => {
  const need = Math.max(1, entry.version - window + 1)
  if (entry.indexedFrom <= need || entry.version === 0) return Effect.void
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
  snapshots: SnapshotPolicy<State> | undefined,
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
        : (yield* loadStream(store, decider, codec, streamId, snapshots, span.to)).state
    return { events, state, version: span.to }
  })

const metadataOf = (
  recordedAt: string,
  options: HandleOptions<unknown>,
): EventToAppend['metadata'] => {
  const metadata: Record<string, Json> = {}
  if (options.metadata !== undefined)
    for (const key of Object.keys(options.metadata)) metadata[key] = options.metadata[key] as Json
  metadata['recordedAt'] = recordedAt
  if (options.correlationId !== undefined) metadata['correlationId'] = options.correlationId
  if (options.causationId !== undefined) metadata['causationId'] = options.causationId
  if (options.commandId !== undefined) metadata['commandId'] = options.commandId
  return Object.freeze(metadata) as EventToAppend['metadata']
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
    const metadata = metadataOf(new Date(now).toISOString(), options as HandleOptions<unknown>)
    const toAppend: Array<EventToAppend> = new Array(events.length)
    for (let i = 0; i < events.length; i++) {
      const encoded = codec.encode(events[i] as Event)
      toAppend[i] = {
        eventId: ids.next(),
        type: encoded.type,
        schemaVersion: encoded.schemaVersion,
        data: encoded.data,
        metadata,
      }
    }
    const fromVersion = entry.version
    const result = yield* store.events
      .append(streamId, toAppend, { expectedVersion: fromVersion })
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
    let state = entry.state
    for (let i = 0; i < events.length; i++) state = decider.evolve(state, events[i] as Event)
    const version = result.nextExpectedVersion
    entry.state = state
    entry.version = version
    if (options.commandId !== undefined)
      entry.commandIds.set(options.commandId, { from: fromVersion + 1, to: version })
    yield* saveSnapshotIfDue(store, options.snapshots, streamId, fromVersion, version, state)
    return { events, state, version }
  })

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
        ? loadEntry(store, anyDecider, codec, streamId, options.snapshots)
        : cached.stale
          ? refreshEntry(store, anyDecider, codec, streamId, cached)
          : Effect.succeed(cached)
    const commandId = options.commandId
    if (commandId === undefined)
      return Effect.flatMap(ready, (entry) =>
        decideAndAppend(store, decider, codec, streamId, command, options, entry),
      )
    return Effect.flatMap(ready, (entry) =>
      Effect.flatMap(
        indexWindow(store, streamId, entry, options.commandIdWindow ?? Number.POSITIVE_INFINITY),
        () =>
          entry.commandIds.has(commandId)
            ? replay(store, anyDecider, codec, streamId, entry, commandId, options.snapshots)
            : decideAndAppend(store, decider, codec, streamId, command, options, entry),
      ),
    )
  })

// -------------------------------------------------------------------------------------
// handling
// -------------------------------------------------------------------------------------

/**
 * Handles one command on one stream.
 *
 * @example
 * import { Effect } from 'effect'
 * import { makeMemoryStore } from 'foldwise/adapters/memory'
 * import { EventStoreService, handle } from 'foldwise/runtime'
 * import { bankAccount } from './docs/examples/bank.js'
 * import { bankEventCodec } from './docs/examples/bank.codec.js'
 * const program = handle(bankAccount, bankEventCodec, 'account-1', { type: 'OpenAccount', accountId: 'account-1', owner: 'Ada', initialBalance: 1000 })
 * const outcome = await Effect.runPromise(program.pipe(Effect.provide(EventStoreService.layer(makeMemoryStore()))))
 * assert.strictEqual(outcome.version, 1)
 *
 * @category handling
 * @since 0.1.0
 */
export const handle = <Command, State, Event, Rejection>(
  decider: HandledDecider<Command, State, Event, Rejection>,
  codec: EventCodec<Event>,
  streamId: string,
  command: Command,
  options: HandleOptions<State> = {},
): Effect.Effect<Outcome<State, Event>, HandleError<Rejection>, EventStoreService> =>
  Effect.flatMap(EventStoreService, (store) =>
    store.locks.withLock(
      streamId,
      attempt(store, decider, codec, streamId, command, options).pipe(
        Effect.retry({ schedule: options.retry ?? defaultConflictRetry, while: isConflict }),
      ),
    ),
  )
