/**
 * The second half of a command: fold the decided events into the state (before anything is
 * written, so an `evolve` that throws appends nothing), encode them (fresh event ids, one
 * metadata record), append them with the cache entry's version as the expected version, set
 * the entry to the new state, and save a snapshot when one is due. With a synchronous store (SyncAppend.ts) and
 * no tracer, it all happens without suspending.
 *
 * An append that failed with `StoreUnavailable` may or may not have committed. It is retried
 * with the same batch (the same event ids, generated once per attempt) at the same expected
 * version, under the handler's `unavailableRetry` schedule, until the store answers:
 * - it succeeds: the batch was not committed before, and now is, once;
 * - `WrongExpectedVersion` or `DuplicateEventId`: the events after the expected version are
 *   read back. If they carry the batch's event ids, the earlier attempt committed and its
 *   outcome is returned. If not, another writer holds that version, so the earlier attempt can
 *   never commit, and the conflict goes back to the pipeline, which reloads and decides again.
 * So an append commits at most once, with or without a command id. Only when the schedule
 * runs out is `StoreUnavailable` returned with the outcome unknown; handling the command again
 * is then safe only with a command id.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import type { EventToAppend } from '../codec/RecordedEvent.js'
import type { AppendResult } from '../store/EventStore.js'
import type { StoreError } from '../store/StoreError.js'
import { isAppendError } from '../store/SyncAppend.js'
import { pruneCommandIds } from './CommandIds.js'
import type { Outcome } from './CommandModel.js'
import { isUnavailable } from './CommandModel.js'
import type { CommandRun } from './CommandRun.js'
import { encodeBatch, isoTimestamp, metadataOf } from './EventBatch.js'
import { saveSnapshotIfDue, isSnapshotDue } from './Snapshots.js'
import type { CachedStream } from './StateCache.js'
import type { Step } from './Step.js'
import { threwOnDecided } from './DomainDefects.js'
import { Failed, toEffect } from './Step.js'

type AnyRun<State, Event> = CommandRun<unknown, State, Event, unknown>

const isWrittenElsewhere = (error: StoreError): boolean =>
  error._tag === 'WrongExpectedVersion' || error._tag === 'DuplicateEventId'

/** A command's decided events and the state after them, folded before the append. */
interface Decided<State, Event> {
  readonly events: ReadonlyArray<Event>
  readonly state: State
}

/**
 * The state after `events`, folded before they are appended: an `evolve` that throws then
 * fails the command with nothing written, instead of after an append the caller never hears
 * of (which would also leave the stream unloadable by this decider).
 */
const fold = <State, Event>(
  run: AnyRun<State, Event>,
  entry: CachedStream<State>,
  events: ReadonlyArray<Event>,
): Decided<State, Event> => {
  let state = entry.state
  const evolve = run.decider.evolve
  try {
    for (let i = 0; i < events.length; i++) state = evolve(state, events[i] as Event)
  } catch (thrown) {
    throw threwOnDecided('evolve', run.streamId, thrown)
  }
  return { events, state }
}

/**
 * Sets a command's cache entry to the state after its appended events; the outcome, or the
 * Effect that saves a due snapshot first.
 */
const settleAppend = <State, Event>(
  run: AnyRun<State, Event>,
  entry: CachedStream<State>,
  decided: Decided<State, Event>,
  fromVersion: number,
  result: AppendResult,
): Step<Outcome<State, Event>, never> => {
  const version = result.nextExpectedVersion
  const state = decided.state
  entry.state = state
  entry.version = version
  const commandId = run.options.commandId
  if (commandId !== undefined) {
    entry.commandIds.set(commandId, { from: fromVersion + 1, to: version })
    pruneCommandIds(entry, run.settings.commandIdWindow)
  }
  const outcome: Outcome<State, Event> = { events: decided.events, state, version }
  const policy = run.settings.snapshots
  if (!isSnapshotDue(run.store, policy, fromVersion, version)) return outcome
  return Effect.as(
    saveSnapshotIfDue(run.store, policy, run.streamId, fromVersion, version, state),
    outcome,
  )
}

/**
 * What a failed append means for the cache: after a version conflict the entry is stale;
 * after anything else its state is unknown, so it is dropped.
 */
const forgetOnFailure = (
  run: AnyRun<unknown, unknown>,
  entry: CachedStream<unknown>,
  error: StoreError,
): void => {
  if (error._tag === 'WrongExpectedVersion') entry.stale = true
  else run.cache.delete(run.streamId)
}

/**
 * Whether the events right after `fromVersion` are `batch` (compared by event id): the answer
 * to an append whose outcome is unknown. `orElse` is returned when they are not.
 */
const findCommitted = (
  run: AnyRun<unknown, unknown>,
  batch: ReadonlyArray<EventToAppend>,
  fromVersion: number,
  orElse: StoreError,
): Effect.Effect<AppendResult, StoreError> =>
  Effect.flatMap(
    run.store.events.readStream(run.streamId, {
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
 * handler's schedule, until the store gives an answer (see the module's documentation).
 */
const appendAfterUnavailable = (
  run: AnyRun<unknown, unknown>,
  batch: ReadonlyArray<EventToAppend>,
  fromVersion: number,
  firstError: StoreError,
): Effect.Effect<AppendResult, StoreError> => {
  const again = Effect.catchIf(
    run.store.events.append(run.streamId, batch, { expectedVersion: fromVersion }),
    isWrittenElsewhere,
    (error) => findCommitted(run, batch, fromVersion, error),
  )
  // The first failure counts: the schedule's first delay comes before the first retry.
  let pending: StoreError | undefined = firstError
  const attempt = Effect.suspend(() => {
    if (pending === undefined) return again
    const error = pending
    pending = undefined
    return Effect.fail(error)
  })
  return Effect.retry(attempt, { schedule: run.settings.unavailableRetry, while: isUnavailable })
}

/** The append's answer, settled: the outcome, or the failure with the entry marked. */
const settle = <State, Event>(
  run: AnyRun<State, Event>,
  entry: CachedStream<State>,
  decided: Decided<State, Event>,
  batch: ReadonlyArray<EventToAppend>,
  fromVersion: number,
  result: AppendResult | StoreError,
  afterUnavailable: boolean,
): Step<Outcome<State, Event>, StoreError> => {
  if (!isAppendError(result)) return settleAppend(run, entry, decided, fromVersion, result)
  if (result._tag === 'StoreUnavailable' && !afterUnavailable)
    return Effect.matchEffect(
      appendAfterUnavailable(run as AnyRun<unknown, unknown>, batch, fromVersion, result),
      handlers(
        (again: AppendResult) =>
          toEffect(settle(run, entry, decided, batch, fromVersion, again, true)),
        (error: StoreError) =>
          toEffect(settle(run, entry, decided, batch, fromVersion, error, true)),
      ),
    )
  forgetOnFailure(run as AnyRun<unknown, unknown>, entry as CachedStream<unknown>, result)
  return new Failed(result)
}

// Functions written as properties of an object literal get a name attached at each creation
// under esbuild's keepNames (tsx), which costs more than the rest of a continuation; passed
// as arguments they stay anonymous.
const handlers = <A, E, B, E2, C, E3>(
  onSuccess: (value: A) => Effect.Effect<B, E2>,
  onFailure: (error: E) => Effect.Effect<C, E3>,
) => ({ onSuccess, onFailure })

/**
 * Encodes and appends a command's events at the entry's version, then settles the answer.
 *
 * @category combinators
 * @since 0.1.0
 */
export const commit = <State, Event>(
  run: AnyRun<State, Event>,
  entry: CachedStream<State>,
  events: ReadonlyArray<Event>,
): Step<Outcome<State, Event>, StoreError> => {
  const decided = fold(run, entry, events)
  const metadata = metadataOf(isoTimestamp(run.clock.currentTimeMillisUnsafe()), run.options)
  let batch: ReadonlyArray<EventToAppend>
  try {
    batch = encodeBatch(run.codec, events, run.ids, metadata)
  } catch (thrown) {
    throw threwOnDecided("the event codec's encode", run.streamId, thrown)
  }
  const fromVersion = entry.version
  const appendOptions = { expectedVersion: fromVersion }
  const appendSync = run.store.appendSync
  if (appendSync !== undefined && !run.traced)
    return settle(
      run,
      entry,
      decided,
      batch,
      fromVersion,
      appendSync(run.streamId, batch, appendOptions),
      false,
    )
  let append = run.store.events.append(run.streamId, batch, appendOptions)
  if (run.traced)
    append = Effect.withSpan(append, 'foldwise.append', {
      attributes: { streamId: run.streamId, expectedVersion: fromVersion },
      captureStackTrace: false,
    })
  return Effect.matchEffect(
    append,
    handlers(
      (result: AppendResult) =>
        toEffect(settle(run, entry, decided, batch, fromVersion, result, false)),
      (error: StoreError) =>
        toEffect(settle(run, entry, decided, batch, fromVersion, error, false)),
    ),
  )
}
