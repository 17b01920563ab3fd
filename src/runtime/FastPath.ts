/**
 * The fast path of `handle`: a command on a stream whose state is cached and current, whose
 * lock nobody holds, with no tracing backend installed. It decides, encodes and takes the
 * lock synchronously, then runs the store's append as the only effect, so a command costs one
 * store call and a few continuations rather than a chain of generators, spans and a retry
 * schedule. Everything else (a cold or stale stream, a contended lock, a repeated command id,
 * an installed tracer) takes the general path in CommandAttempt.ts, and so does a version
 * conflict on the fast path, with the lock still held and the failed attempt counted.
 *
 * @since 0.1.0
 */
import type { Fiber } from 'effect'
import { Clock, Effect, Tracer } from 'effect'
import type { EventCodec } from '../codec/EventCodec.js'
import { attemptWithRetry, isWindowIndexed, recordAppend } from './CommandAttempt.js'
import type { HandleError, HandleOptions, HandledDecider, Outcome } from './CommandModel.js'
import { encodeBatch, isoTimestamp, metadataOf } from './EventBatch.js'
import type { RuntimeStore } from './services.js'
import { IdGenerator } from './services.js'
import { isSnapshotDue, saveSnapshotIfDue } from './Snapshots.js'

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
 * The command handled on the fast path, or `undefined` when it must take the general path.
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
  const locks = store.locks
  if (locks.isHeld(streamId) || isTraced(fiber)) return undefined
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
  if (decided._tag === 'Left') return Effect.fail(decided.left)
  const events = decided.right
  if (events.length === 0)
    return Effect.succeed({ events, state: entry.state, version: entry.version })
  const recordedAt = isoTimestamp(fiber.getRef(Clock.Clock).currentTimeMillisUnsafe())
  const batch = encodeBatch(
    codec,
    events,
    fiber.getRef(IdGenerator),
    metadataOf(recordedAt, options as HandleOptions<unknown>),
  )
  const fromVersion = entry.version
  const append = store.events.append(streamId, batch, { expectedVersion: fromVersion })
  // Nothing above can suspend the fiber, so the lock is still free; from here it is released
  // when the command ends, however it ends.
  locks.tryAcquire(streamId)
  return locks.releasing(
    streamId,
    Effect.matchEffect(
      append,
      handlers(
        (result) => {
          const outcome = recordAppend(
            decider,
            commandId,
            entry,
            events,
            fromVersion,
            result.nextExpectedVersion,
          )
          if (!isSnapshotDue(store, options.snapshots, fromVersion, outcome.version))
            return Effect.succeed(outcome)
          return Effect.as(
            saveSnapshotIfDue(
              store,
              options.snapshots,
              streamId,
              fromVersion,
              outcome.version,
              outcome.state,
            ),
            outcome,
          )
        },
        (error) => {
          if (error._tag === 'WrongExpectedVersion') {
            entry.stale = true
            return attemptWithRetry(store, decider, codec, streamId, command, options, error)
          }
          cache.delete(streamId)
          return Effect.fail(error)
        },
      ),
    ),
  )
}
