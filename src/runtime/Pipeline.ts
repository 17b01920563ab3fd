/**
 * The command pipeline, written once: load, decide, encode, append, settle. Each step finishes
 * on the spot when its inputs are ready and returns the Effect that finishes it when it must
 * wait (Step.ts), so a command on a cached stream of an in-memory store runs to its end
 * without a fiber, and the same code suspends on a cold stream, a file or a database.
 *
 * - Load: the cached entry when it is current; the initial state, without a read, when the
 *   store answers on the spot that the stream is empty (untraced, no snapshot policy); else the
 *   stream read (snapshot plus the events after it), or a stale entry caught up.
 * - Command ids: a repeated command id within the window is replayed, not decided again.
 * - Decide: once per attempt. A decision that appends nothing (a rejection, or no events) made
 *   on a cached entry is checked against the stream's current version, which a store answers
 *   without a read (synchronously for memory and file); if another writer moved it, the entry
 *   is caught up and the command decided again on the current state.
 * - Append and settle: Commit.ts.
 *
 * Concurrency: commands on one stream in one process run one after the other (StreamLocks).
 * A run that finishes without suspending needs no lock: nothing can interleave with it. A run
 * that must wait takes the stream's lock at the point it first suspends, and holds it through
 * its retries. A version conflict is retried under the handler's `conflictRetry`, looking only
 * at store error tags: the domain's rejections arrive wrapped in `Rejected`.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import type { Either } from 'fp-ts/lib/Either.js'
import { isWindowIndexed, indexWindow, rememberedSpan } from './CommandIds.js'
import type { HandleError, Outcome } from './CommandModel.js'
import { isConflict, isUnavailable } from './CommandModel.js'
import type { CommandRun } from './CommandRun.js'
import { commit } from './Commit.js'
import { rejected } from './errors.js'
import { badDecision, isDecision } from './DomainDefects.js'
import type { CachedStream } from './StateCache.js'
import type { Step } from './Step.js'
import { Failed, andThen, isFailed, toEffect } from './Step.js'
import { emptyEntry, loadEntry, refreshEntry, replay } from './StreamEntry.js'

type Run<Command, State, Event, Rejection> = CommandRun<Command, State, Event, Rejection>
type Result<State, Event, Rejection> = Step<Outcome<State, Event>, HandleError<Rejection>>

const noEvents: ReadonlyArray<never> = Object.freeze([])

/** A store read, retried under the handler's `unavailableRetry` (reads are safe to repeat). */
const readRetried = <A, E extends HandleError<never>>(
  run: Run<unknown, unknown, unknown, unknown>,
  effect: Effect.Effect<A, E>,
): Effect.Effect<A, E> =>
  Effect.retry(effect, { schedule: run.settings.unavailableRetry, while: isUnavailable })

/** A decision that appends nothing, settled: the rejection, or the unchanged state. */
const settleNothing = <State, Event, Rejection>(
  entry: CachedStream<State>,
  decided: Either<Rejection, ReadonlyArray<Event>>,
): Result<State, Event, Rejection> =>
  decided._tag === 'Left'
    ? new Failed(rejected(decided.left))
    : {
        events: decided.right.length === 0 ? noEvents : decided.right,
        state: entry.state,
        version: entry.version,
      }

const afterDecide = <Command, State, Event, Rejection>(
  run: Run<Command, State, Event, Rejection>,
  entry: CachedStream<State>,
  fresh: boolean,
  decided: Either<Rejection, ReadonlyArray<Event>>,
): Result<State, Event, Rejection> => {
  // A decide that broke its contract (a string's characters taken for events, say) is a bug:
  // it fails the command as a defect naming it, and nothing is appended.
  if (!isDecision(decided)) throw badDecision(run.streamId, decided)
  if (decided._tag === 'Right' && decided.right.length > 0)
    return commit(run as Run<unknown, State, Event, unknown>, entry, decided.right)
  if (fresh) return settleNothing(entry, decided)
  // Nothing will be appended, so no expected-version check would catch a stale entry.
  const current = run.store.currentVersion(run.streamId)
  return andThen(
    typeof current === 'number'
      ? current
      : readRetried(run as Run<unknown, unknown, unknown, unknown>, current),
    (version): Result<State, Event, Rejection> => {
      if (version === entry.version) return settleNothing(entry, decided)
      if (version > entry.version) entry.stale = true
      else run.cache.delete(run.streamId)
      return attempt(run)
    },
  )
}

const decide = <Command, State, Event, Rejection>(
  run: Run<Command, State, Event, Rejection>,
  entry: CachedStream<State>,
  fresh: boolean,
): Result<State, Event, Rejection> => {
  if (!run.traced)
    return afterDecide(run, entry, fresh, run.decider.decide(run.command, entry.state))
  return Effect.flatMap(
    Effect.withSpan(
      Effect.sync(() => run.decider.decide(run.command, entry.state)),
      'foldwise.decide',
      { attributes: { streamId: run.streamId }, captureStackTrace: false },
    ),
    (decided) => toEffect(afterDecide(run, entry, fresh, decided)),
  )
}

/** The entry, with its command-id window indexed when the command has an id; then decide or replay. */
const withEntry = <Command, State, Event, Rejection>(
  run: Run<Command, State, Event, Rejection>,
  entry: CachedStream<State>,
  fresh: boolean,
): Result<State, Event, Rejection> => {
  const commandId = run.options.commandId
  if (commandId === undefined) return decide(run, entry, fresh)
  const window = run.settings.commandIdWindow
  const indexed: Step<void, HandleError<Rejection>> = isWindowIndexed(entry, window)
    ? undefined
    : readRetried(
        run as Run<unknown, unknown, unknown, unknown>,
        indexWindow(run.store, run.streamId, entry, window),
      )
  return andThen(indexed, (): Result<State, Event, Rejection> => {
    const span = rememberedSpan(entry, commandId, window)
    if (span === undefined) return decide(run, entry, fresh)
    return readRetried(
      run as Run<unknown, unknown, unknown, unknown>,
      replay(run as Run<unknown, State, Event, unknown>, entry, commandId, span),
    )
  })
}

/** One attempt: make the entry current, then decide (or replay) and append. */
const attempt = <Command, State, Event, Rejection>(
  run: Run<Command, State, Event, Rejection>,
): Result<State, Event, Rejection> => {
  const cached = run.cache.get(run.streamId)
  if (cached !== undefined && !cached.stale) return withEntry(run, cached, false)
  // A stream the store knows on the spot to be empty needs no read (emptyEntry).
  if (
    cached === undefined &&
    !run.traced &&
    run.settings.snapshots === undefined &&
    run.store.currentVersion(run.streamId) === 0
  )
    return withEntry(run, emptyEntry(run as Run<unknown, State, unknown, unknown>), true)
  const anyRun = run as Run<unknown, State, Event, unknown>
  return andThen(
    readRetried(
      run as Run<unknown, unknown, unknown, unknown>,
      cached === undefined ? loadEntry(anyRun) : refreshEntry(anyRun, cached),
    ),
    (entry): Result<State, Event, Rejection> => withEntry(run, entry, true),
  )
}

/** Attempts under the conflict schedule; `first` is the first attempt, already started. */
const retrying = <Command, State, Event, Rejection>(
  run: Run<Command, State, Event, Rejection>,
  first: Effect.Effect<Outcome<State, Event>, HandleError<Rejection>> | undefined,
): Effect.Effect<Outcome<State, Event>, HandleError<Rejection>> => {
  let pending = first
  return Effect.retry(
    Effect.suspend(() => {
      const started = pending
      pending = undefined
      return started ?? toEffect(attempt(run))
    }),
    { schedule: run.settings.conflictRetry, while: isConflict },
  )
}

/**
 * Runs a command: its outcome or failure when it finished without waiting, else the Effect
 * that finishes it (holding the stream's lock).
 *
 * @category handling
 * @since 0.1.0
 */
export const runCommand = <Command, State, Event, Rejection>(
  run: Run<Command, State, Event, Rejection>,
): Result<State, Event, Rejection> => {
  const locks = run.store.locks
  const streamId = run.streamId
  if (locks.isHeld(streamId)) return locks.withLock(streamId, retrying(run, undefined))
  const first = attempt(run)
  if (Effect.isEffect(first)) {
    // Nothing above could suspend, so the lock is still free: take it for what follows.
    locks.tryAcquire(streamId)
    return Effect.uninterruptibleMask((restore) =>
      locks.releasing(
        streamId,
        restore(
          retrying(run, first as Effect.Effect<Outcome<State, Event>, HandleError<Rejection>>),
        ),
      ),
    )
  }
  if (isFailed(first) && isConflict(first.error))
    return locks.withLock(streamId, retrying(run, Effect.fail(first.error)))
  return first
}
