/**
 * The fast path of `handle`: a command on a stream whose state is cached and current, whose
 * lock nobody holds, with no tracing backend installed, and whose decision appends events. It
 * decides, encodes and takes the lock synchronously, then runs the store's append as the only
 * effect, so a command costs one store call and a few continuations rather than a chain of
 * generators, spans and a retry schedule. The steps after the append are Commit.ts's, shared
 * with the general path (`recordAppend`, `snapshotAfter`, `forgetOnFailure`,
 * `commitAfterUnavailable`), folded into one continuation here.
 *
 * Everything else takes the general path in CommandAttempt.ts: a cold or stale stream, a
 * contended lock, a repeated command id, an installed tracer, and a rejection or an empty
 * decision (which must be checked against the stream's version, since no append would catch
 * a stale entry). So does a version conflict on the fast path, with the lock still held and
 * the failed attempt counted.
 *
 * @since 0.1.0
 */
import type { Fiber } from 'effect'
import { Cause, Clock, Effect, Tracer } from 'effect'
import type { EventCodec } from '../codec/EventCodec.js'
import type { AppendResult } from '../store/EventStore.js'
import type { StoreError } from '../store/StoreError.js'
import { attemptWithRetry } from './CommandAttempt.js'
import { isWindowIndexed } from './CommandIds.js'
import type { HandleError, HandleOptions, HandledDecider, Outcome } from './CommandModel.js'
import { isConflict } from './CommandModel.js'
import {
  commitAfterUnavailable,
  encodeCommit,
  forgetOnFailure,
  recordAppend,
  snapshotAfter,
} from './Commit.js'
import type { IdGeneratorShape, RuntimeStore } from './services.js'
import { IdGenerator } from './services.js'
import { isAppendError } from '../store/SyncAppend.js'

/**
 * Whether spans started on this fiber reach a tracing backend. Effect's default tracer keeps
 * its spans in memory and exports none, so skipping them changes nothing anybody can see.
 *
 * @category guards
 * @since 0.1.0
 */
export const isTraced = (fiber: Fiber.Fiber<unknown, unknown>): boolean => {
  const tracer = fiber.cache.tracer
  return tracer !== undefined && tracer !== Tracer.nativeTracer && fiber.cache.tracerEnabled
}

// Functions written as properties of an object literal get a name attached at each creation
// under esbuild's keepNames (tsx), which costs more than the rest of a continuation; passed
// as arguments they stay anonymous.
const handlers = <A, E, B, E2, C, E3>(
  onSuccess: (value: A) => Effect.Effect<B, E2>,
  onFailure: (error: E) => Effect.Effect<C, E3>,
) => ({ onSuccess, onFailure })

/**
 * What the fast path made of a command: its outcome, already settled; the effect that
 * finishes it; or `undefined` when it must take the general path (nothing was done).
 *
 * @category model
 * @since 0.1.0
 */
export type FastResult<State, Event, Rejection> =
  Outcome<State, Event> | Effect.Effect<Outcome<State, Event>, HandleError<Rejection>> | undefined

/**
 * The fast path's answer: the effect a command runs when the fast path takes it.
 *
 * @category guards
 * @since 0.1.0
 */
export const isFastEffect = <State, Event, Rejection>(
  result: FastResult<State, Event, Rejection>,
): result is Effect.Effect<Outcome<State, Event>, HandleError<Rejection>> =>
  result !== undefined && Effect.isEffect(result)

/**
 * The command handled on the fast path, without a fiber of its own: `ids` and `clock` are the
 * ones the command's fiber would see, and the caller has checked that no tracer is installed.
 * With a synchronous store (SyncAppend.ts) a command that appends and needs no snapshot is
 * settled here and now; anything else comes back as the effect that finishes it.
 *
 * @category handling
 * @since 0.1.0
 */
export const handleFastUntraced = <Command, State, Event, Rejection>(
  store: RuntimeStore,
  decider: HandledDecider<Command, State, Event, Rejection>,
  codec: EventCodec<Event>,
  streamId: string,
  command: Command,
  options: HandleOptions<State>,
  ids: IdGeneratorShape,
  clock: Clock.Clock,
): FastResult<State, Event, Rejection> => {
  const locks = store.locks
  if (locks.isHeld(streamId)) return undefined
  const cache = store.cacheFor<State>(decider)
  const entry = cache.get(streamId)
  if (entry === undefined || entry.stale) return undefined
  const commandId = options.commandId
  if (
    commandId !== undefined &&
    (entry.commandIds.has(commandId) || !isWindowIndexed(entry, options.commandIdWindow))
  )
    return undefined
  const decided = decider.decide(command, entry.state)
  if (decided._tag === 'Left' || decided.right.length === 0) return undefined
  const events = decided.right
  const anyDecider = decider as HandledDecider<never, State, Event, unknown>
  const batch = encodeCommit(codec, events, ids, clock.currentTimeMillisUnsafe(), options)
  const fromVersion = entry.version
  const appendOptions = { expectedVersion: fromVersion }
  const appendSync = store.appendSync
  let append: Effect.Effect<AppendResult, StoreError>
  if (appendSync === undefined) append = store.events.append(streamId, batch, appendOptions)
  else {
    // Synchronous from the decision to the fold: nothing else can run on this stream
    // meanwhile, so the lock is left alone unless an effect must follow.
    const result = appendSync(streamId, batch, appendOptions)
    if (isAppendError(result)) append = Effect.fail(result)
    else {
      const outcome = recordAppend(
        anyDecider,
        options,
        entry,
        events,
        fromVersion,
        result.nextExpectedVersion,
      )
      const save = snapshotAfter(store, options, streamId, fromVersion, outcome)
      if (save === undefined) return outcome
      locks.tryAcquire(streamId)
      return Effect.uninterruptibleMask((restore) =>
        locks.releasing(streamId, Effect.as(restore(save), outcome)),
      )
    }
  }
  // Nothing above can suspend the fiber, so the lock is still free. From here the command
  // runs uninterruptibly except for the store's work, so every way it ends releases the lock.
  locks.tryAcquire(streamId)
  return Effect.uninterruptibleMask((restore) =>
    Effect.matchCauseEffect(
      restore(append),
      handlers(
        (result) => {
          let outcome: Outcome<State, Event>
          let save: Effect.Effect<void> | undefined
          try {
            outcome = recordAppend(
              anyDecider,
              options,
              entry,
              events,
              fromVersion,
              result.nextExpectedVersion,
            )
            save = snapshotAfter(store, options, streamId, fromVersion, outcome)
          } catch (defect) {
            locks.release(streamId)
            throw defect
          }
          if (save === undefined) {
            locks.release(streamId)
            return Effect.succeed(outcome)
          }
          return locks.releasing(streamId, Effect.as(restore(save), outcome))
        },
        (cause: Cause.Cause<StoreError>) => {
          const found =
            Cause.hasDies(cause) || Cause.hasInterrupts(cause) ? undefined : Cause.findError(cause)
          const error = found !== undefined && found._tag === 'Success' ? found.success : undefined
          if (error === undefined) {
            locks.release(streamId)
            return Effect.failCause(cause)
          }
          const retry = (conflict: StoreError) =>
            attemptWithRetry(store, decider, codec, streamId, command, options, conflict)
          if (error._tag === 'StoreUnavailable')
            return locks.releasing(
              streamId,
              restore(
                Effect.catchIf(
                  commitAfterUnavailable(
                    store,
                    anyDecider,
                    streamId,
                    options,
                    entry,
                    events,
                    batch,
                    fromVersion,
                    error,
                  ),
                  isConflict,
                  retry,
                ),
              ),
            )
          forgetOnFailure(store, decider, streamId, entry, error)
          if (error._tag === 'WrongExpectedVersion')
            return locks.releasing(streamId, restore(retry(error)))
          locks.release(streamId)
          return Effect.failCause(cause)
        },
      ),
    ),
  )
}

/**
 * The command handled on the fast path by `fiber`, or `undefined` when it must take the
 * general path.
 *
 * @category handling
 * @since 0.1.0
 */
export const handleFast = <Command, State, Event, Rejection>(
  fiber: Fiber.Fiber<unknown, unknown>,
  store: RuntimeStore,
  decider: HandledDecider<Command, State, Event, Rejection>,
  codec: EventCodec<Event>,
  streamId: string,
  command: Command,
  options: HandleOptions<State>,
): Effect.Effect<Outcome<State, Event>, HandleError<Rejection>> | undefined => {
  if (isTraced(fiber)) return undefined
  const result = handleFastUntraced(
    store,
    decider,
    codec,
    streamId,
    command,
    options,
    fiber.getRef(IdGenerator),
    fiber.getRef(Clock.Clock),
  )
  if (result === undefined || isFastEffect(result)) return result
  return Effect.succeed(result)
}
