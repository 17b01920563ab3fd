/**
 * The second half of every command, shared by both paths of `handle`: encode the decided
 * events (fresh event ids, one metadata record), append them with the cache entry's version as
 * the expected version, fold them into the entry, and save a snapshot when one is due.
 *
 * An append that failed with `StoreUnavailable` may or may not have committed. It is retried
 * with the same batch (the same event ids, generated once per attempt) at the same expected
 * version, under the command's `unavailableRetry` schedule, until the store answers:
 * - it succeeds: the batch was not committed before, and now is, once;
 * - `WrongExpectedVersion` or `DuplicateEventId`: the events after the expected version are
 *   read back. If they carry the batch's event ids, the earlier attempt committed and its
 *   outcome is returned. If not, another writer holds that version, so the earlier attempt can
 *   never commit, and the conflict goes back to `handle`, which reloads and decides again.
 * So an append commits at most once, with or without a command id. Only when the schedule
 * runs out is `StoreUnavailable` returned with the outcome unknown; handling the command again
 * is then safe only with a command id.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import type { EventCodec } from '../codec/EventCodec.js'
import type { EventToAppend } from '../codec/RecordedEvent.js'
import type { AppendResult } from '../store/EventStore.js'
import type { StoreError } from '../store/StoreError.js'
import { pruneCommandIds } from './CommandIds.js'
import type { HandleOptions, HandledDecider, Outcome } from './CommandModel.js'
import { defaultUnavailableRetry, isUnavailable } from './CommandModel.js'
import { encodeBatch, isoTimestamp, metadataOf } from './EventBatch.js'
import type { IdGeneratorShape, RuntimeStore } from './services.js'
import { isSnapshotDue, saveSnapshotIfDue } from './Snapshots.js'
import type { CachedStream } from './StateCache.js'

// Functions written as properties of an object literal get a name attached at each creation
// under esbuild's keepNames (tsx), which costs more than the rest of a continuation; passed
// as arguments they stay anonymous.
const handlers = <A, E, B, E2, C, E3>(
  onSuccess: (value: A) => Effect.Effect<B, E2>,
  onFailure: (error: E) => Effect.Effect<C, E3>,
) => ({ onSuccess, onFailure })

/**
 * The batch a command appends: its events encoded, each with a fresh id, sharing one metadata
 * record.
 *
 * @category constructors
 * @since 0.1.0
 */
export const encodeCommit = <State, Event>(
  codec: EventCodec<Event>,
  events: ReadonlyArray<Event>,
  ids: IdGeneratorShape,
  nowMillis: number,
  options: HandleOptions<State>,
): ReadonlyArray<EventToAppend> =>
  encodeBatch(
    codec,
    events,
    ids,
    metadataOf(isoTimestamp(nowMillis), options as HandleOptions<unknown>),
  )

/**
 * Folds a command's appended events into its cache entry and returns the outcome.
 *
 * @category combinators
 * @since 0.1.0
 */
export const recordAppend = <State, Event>(
  decider: HandledDecider<never, State, Event, unknown>,
  options: HandleOptions<State>,
  entry: CachedStream<State>,
  events: ReadonlyArray<Event>,
  fromVersion: number,
  version: number,
): Outcome<State, Event> => {
  let state = entry.state
  for (let i = 0; i < events.length; i++) state = decider.evolve(state, events[i] as Event)
  entry.state = state
  entry.version = version
  const commandId = options.commandId
  if (commandId !== undefined) {
    entry.commandIds.set(commandId, { from: fromVersion + 1, to: version })
    pruneCommandIds(entry, options.commandIdWindow)
  }
  return { events, state, version }
}

/**
 * The snapshot to save after an append from `fromVersion` to the outcome's version, or
 * `undefined` when none is due.
 *
 * @category combinators
 * @since 0.1.0
 */
export const snapshotAfter = <State>(
  store: RuntimeStore,
  options: HandleOptions<State>,
  streamId: string,
  fromVersion: number,
  outcome: Outcome<State, unknown>,
): Effect.Effect<void> | undefined =>
  isSnapshotDue(store, options.snapshots, fromVersion, outcome.version)
    ? saveSnapshotIfDue(
        store,
        options.snapshots,
        streamId,
        fromVersion,
        outcome.version,
        outcome.state,
      )
    : undefined

/**
 * Records a successful append in the entry and saves the snapshot if one is due.
 *
 * @category combinators
 * @since 0.1.0
 */
export const settleAppend = <State, Event>(
  store: RuntimeStore,
  decider: HandledDecider<never, State, Event, unknown>,
  streamId: string,
  options: HandleOptions<State>,
  entry: CachedStream<State>,
  events: ReadonlyArray<Event>,
  fromVersion: number,
  result: AppendResult,
): Effect.Effect<Outcome<State, Event>> => {
  const outcome = recordAppend(
    decider,
    options,
    entry,
    events,
    fromVersion,
    result.nextExpectedVersion,
  )
  const save = snapshotAfter(store, options, streamId, fromVersion, outcome)
  return save === undefined ? Effect.succeed(outcome) : Effect.as(save, outcome)
}

/**
 * What a failed append means for the cache: after a version conflict the entry is stale;
 * after anything else its state is unknown, so it is dropped.
 *
 * @category combinators
 * @since 0.1.0
 */
export const forgetOnFailure = (
  store: RuntimeStore,
  decider: object,
  streamId: string,
  entry: CachedStream<unknown>,
  error: StoreError,
): void => {
  if (error._tag === 'WrongExpectedVersion') entry.stale = true
  else store.cacheFor(decider).delete(streamId)
}

/**
 * Whether the events right after `fromVersion` are `batch` (compared by event id): the answer
 * to an append whose outcome is unknown. `orElse` is returned when they are not.
 */
const findCommitted = (
  store: RuntimeStore,
  streamId: string,
  batch: ReadonlyArray<EventToAppend>,
  fromVersion: number,
  orElse: StoreError,
): Effect.Effect<AppendResult, StoreError> =>
  Effect.flatMap(
    store.events.readStream(streamId, {
      from: fromVersion + 1,
      to: fromVersion + batch.length,
    }),
    (records) => {
      if (records.length !== batch.length) return Effect.fail(orElse)
      for (let i = 0; i < batch.length; i++)
        if (records[i]?.eventId !== batch[i]?.eventId) return Effect.fail(orElse)
      return Effect.succeed({ nextExpectedVersion: fromVersion + batch.length, records })
    },
  )

/**
 * Appends `batch` again after it failed with `firstError` (`StoreUnavailable`), under the
 * schedule, until the store gives an answer (see the module's documentation).
 *
 * @category combinators
 * @since 0.1.0
 */
export const appendAfterUnavailable = (
  store: RuntimeStore,
  streamId: string,
  batch: ReadonlyArray<EventToAppend>,
  fromVersion: number,
  schedule: HandleOptions<unknown>['unavailableRetry'],
  firstError: StoreError,
): Effect.Effect<AppendResult, StoreError> => {
  const again = Effect.catchIf(
    store.events.append(streamId, batch, { expectedVersion: fromVersion }),
    (error) => error._tag === 'WrongExpectedVersion' || error._tag === 'DuplicateEventId',
    (error) => findCommitted(store, streamId, batch, fromVersion, error),
  )
  // The first failure counts: the schedule's first delay comes before the first retry.
  let pending: StoreError | undefined = firstError
  const attempt = Effect.suspend(() => {
    if (pending === undefined) return again
    const error = pending
    pending = undefined
    return Effect.fail(error)
  })
  return Effect.retry(attempt, {
    schedule: schedule ?? defaultUnavailableRetry,
    while: isUnavailable,
  })
}

/**
 * The rest of a command whose append failed with `StoreUnavailable`: the same batch again
 * until the store answers, then the outcome recorded (or the failure, with the cache entry
 * marked stale or dropped).
 *
 * @category combinators
 * @since 0.1.0
 */
export const commitAfterUnavailable = <State, Event>(
  store: RuntimeStore,
  decider: HandledDecider<never, State, Event, unknown>,
  streamId: string,
  options: HandleOptions<State>,
  entry: CachedStream<State>,
  events: ReadonlyArray<Event>,
  batch: ReadonlyArray<EventToAppend>,
  fromVersion: number,
  firstError: StoreError,
): Effect.Effect<Outcome<State, Event>, StoreError> =>
  Effect.matchEffect(
    appendAfterUnavailable(
      store,
      streamId,
      batch,
      fromVersion,
      options.unavailableRetry,
      firstError,
    ),
    handlers(
      (result: AppendResult) =>
        settleAppend(store, decider, streamId, options, entry, events, fromVersion, result),
      (error: StoreError) => {
        forgetOnFailure(store, decider, streamId, entry, error)
        return Effect.fail(error)
      },
    ),
  )

/**
 * The whole second half of a command, as the general path runs it: encode `events`, append
 * them at the entry's version (in a `foldwise.append` span), record them in the entry and save
 * a snapshot when one is due. The fast path runs the same steps, folded into its own
 * continuation.
 *
 * @category combinators
 * @since 0.1.0
 */
export const commitEvents = <State, Event>(
  store: RuntimeStore,
  decider: HandledDecider<never, State, Event, unknown>,
  codec: EventCodec<Event>,
  streamId: string,
  options: HandleOptions<State>,
  entry: CachedStream<State>,
  events: ReadonlyArray<Event>,
  ids: IdGeneratorShape,
  nowMillis: number,
): Effect.Effect<Outcome<State, Event>, StoreError> => {
  const batch = encodeCommit(codec, events, ids, nowMillis, options)
  const fromVersion = entry.version
  return Effect.matchEffect(
    Effect.withSpan(
      store.events.append(streamId, batch, { expectedVersion: fromVersion }),
      'foldwise.append',
      { attributes: { streamId, expectedVersion: fromVersion }, captureStackTrace: false },
    ),
    handlers(
      (result: AppendResult) =>
        settleAppend(store, decider, streamId, options, entry, events, fromVersion, result),
      (error: StoreError) => {
        if (error._tag === 'StoreUnavailable')
          return commitAfterUnavailable(
            store,
            decider,
            streamId,
            options,
            entry,
            events,
            batch,
            fromVersion,
            error,
          )
        forgetOnFailure(store, decider, streamId, entry, error)
        return Effect.fail(error)
      },
    ),
  )
}
