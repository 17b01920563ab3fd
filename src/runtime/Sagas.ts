/**
 * The saga runner: a `Saga` reacts to events from a catch-up subscription with commands that
 * are handled on other streams. Each command carries the triggering event's id as its
 * causation id and a command id derived from it, so a runner restarted after a crash
 * re-dispatches the commands of the event it was on and idempotent handling appends nothing
 * twice. The runner's position is saved (as a checkpoint) after each event.
 *
 * @since 0.1.0
 */
import { Effect, Stream } from 'effect'
import type { EventCodec } from '../codec/EventCodec.js'
import type { RecordedEvent } from '../codec/RecordedEvent.js'
import type { ProjectionError, RunOptions } from './Projections.js'
import { retryWhileUnavailable } from './Reconnect.js'
import { noStackTrace } from './tracing.js'
import { EventStoreService } from './services.js'
import { subscribeAll } from './Subscription.js'
import { checkFollowOptions } from './ReadArguments.js'
import { badReaction, threwOn } from './DomainDefects.js'
import { checkpointsUnsupported, eventDecodeFailed } from './errors.js'
import type { Saga } from '../kernel/Saga.js'

/**
 * The context a saga's command is dispatched with.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface SagaContext {
  /** The triggering event's id. */
  readonly causationId: string
  /** The triggering event's correlation id, else its id. */
  readonly correlationId: string
  /** `<saga name>:<event id>:<index of the command>`: stable across restarts. */
  readonly commandId: string
  readonly event: RecordedEvent
}

/**
 * A saga process: a named kernel `Saga` with the codec of the events it reads and how its
 * commands are dispatched (typically `handle` on the target handler, passing the context's
 * ids). It is to `Saga` what a `Projection` is to `View`, and `runSaga` runs it.
 *
 * @category model
 * @since 0.1.0
 */
export interface SagaProcess<Event, Action, DispatchError, DispatchEnv> {
  readonly name: string
  readonly codec: EventCodec<Event>
  readonly saga: Saga<Event, Action>
  readonly dispatch: (
    action: Action,
    context: SagaContext,
  ) => Effect.Effect<unknown, DispatchError, DispatchEnv>
  readonly pageSize?: number
}

/**
 * Runs a saga from its checkpoint; a dispatch error stops the runner (catch it in `dispatch`
 * to carry on). With `stopWhenCaughtUp` it returns once caught up; without, it follows for
 * ever (keeping the process alive, waiting out an unavailable store) until interrupted.
 *
 * @category running
 * @since 0.1.0
 */
export const runSaga = <Event, Action, DispatchError, DispatchEnv>(
  runner: SagaProcess<Event, Action, DispatchError, DispatchEnv>,
  options: RunOptions = {},
): Effect.Effect<number, ProjectionError | DispatchError, EventStoreService | DispatchEnv> =>
  Effect.gen(function* () {
    const refused = checkFollowOptions('runSaga', options, {
      field: 'runner.pageSize',
      value: runner.pageSize,
    })
    if (refused !== undefined) return yield* Effect.fail(refused)
    const store = yield* EventStoreService
    const checkpoints = store.checkpoints
    if (checkpoints === undefined) return yield* Effect.fail(checkpointsUnsupported)
    const reconnect = options.reconnect ?? {}
    const what = `saga ${runner.name}`
    const saved = yield* retryWhileUnavailable(
      checkpoints.loadCheckpoint(`saga:${runner.name}`),
      reconnect,
      what,
    )
    let position = saved?.position ?? 0
    yield* Stream.runForEach(
      subscribeAll({
        fromPosition: position + 1,
        pageSize: runner.pageSize ?? 1_000,
        stopWhenCaughtUp: options.stopWhenCaughtUp === true,
        reconnect,
      }),
      (record) =>
        Effect.gen(function* () {
          const decoded = runner.codec.decode(record)
          if (decoded._tag === 'Left') {
            if (decoded.left._tag !== 'UnknownEventType')
              return yield* Effect.fail(eventDecodeFailed(decoded.left))
          } else {
            let actions: ReadonlyArray<Action>
            try {
              actions = runner.saga.react(decoded.right)
            } catch (thrown) {
              return yield* Effect.die(threwOn(`saga ${runner.name}'s react`, record, thrown))
            }
            // A string's characters would be dispatched one by one: a bug, reported as one.
            if (!Array.isArray(actions))
              return yield* Effect.die(badReaction(runner.name, record.eventId, actions))
            for (let i = 0; i < actions.length; i++) {
              yield* runner.dispatch(actions[i] as Action, {
                causationId: record.eventId,
                correlationId: record.metadata.correlationId ?? record.eventId,
                commandId: `${runner.name}:${record.eventId}:${i}`,
                event: record,
              })
            }
          }
          yield* retryWhileUnavailable(
            checkpoints.saveCheckpoint({
              name: `saga:${runner.name}`,
              position: record.globalPosition,
              readModel: null,
            }),
            reconnect,
            what,
          )
          position = record.globalPosition
        }),
    ).pipe(Effect.withSpan('foldwise.saga', { attributes: { name: runner.name } }, noStackTrace))
    return position
  })
