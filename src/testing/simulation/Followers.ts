/**
 * The followers of a run: a projection or saga run until caught up (from its checkpoint, over
 * its own fault-injecting store), and a projection started as a long-running follower. A
 * saga's commands are handled by a handler process of its own, under the command ids its
 * runner gives them, and every one is entered in the run's reaction ledger. Internal to the
 * simulation.
 *
 * @since 0.1.0
 */
import type { Exit } from 'effect'
import { Effect } from 'effect'
import type { Projection } from '../../runtime/Projections.js'
import type { SagaProcess } from '../../runtime/Sagas.js'
import { describeResult } from './Clients.js'
import type { RunState } from './RunState.js'
import type { SagaDispatchFailed } from './Runtime.js'
import type { SagaCommand, SimulatedSaga } from './System.js'
import { causeOf, crashOf, drive } from './Time.js'

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

/**
 * How a follower's run ended, in the trace: hung, caught up, crashed, or stopped (and why).
 *
 * @category internals
 * @since 0.1.0
 */
export const recordEnd = (
  state: RunState,
  component: string,
  exit: Exit.Exit<unknown, unknown> | undefined,
): void => {
  if (exit === undefined) state.trace.record(component, 'hung')
  else if (exit._tag === 'Success') state.trace.record(component, 'caught up')
  else if (crashOf(exit.cause)) state.trace.record(component, 'crashed')
  else state.trace.record(component, 'stopped', { cause: causeOf(exit.cause) })
}

/**
 * Runs a projection until caught up, `pageSize` events per page; undefined when it hung.
 *
 * @category internals
 * @since 0.1.0
 */
export const project = (
  state: RunState,
  projection: Projection<unknown, unknown>,
  pageSize: number,
): Effect.Effect<Exit.Exit<unknown, unknown> | undefined> =>
  Effect.gen(function* () {
    const component = `projection:${projection.name}`
    const running: Projection<unknown, unknown> = { ...projection, pageSize }
    const exit = yield* drive(state.runtime.project(running, state.storeFor(component)))
    recordEnd(state, component, exit)
    return exit
  })

/**
 * Runs a saga until caught up, `pageSize` events per page; undefined when it hung.
 *
 * @category internals
 * @since 0.1.0
 */
export const react = (
  state: RunState,
  saga: SimulatedSaga,
  pageSize: number,
): Effect.Effect<Exit.Exit<unknown, unknown> | undefined> =>
  Effect.gen(function* () {
    const component = `saga:${saga.name}`
    const store = state.storeFor(component)
    const process = state.runtime.start(store, undefined)
    const runner: SagaProcess<unknown, unknown, SagaDispatchFailed, never> = {
      name: saga.name,
      codec: saga.codec,
      saga: { react: saga.react },
      pageSize,
      dispatch: (action, context) =>
        Effect.gen(function* () {
          const command = action as SagaCommand
          const commandId = context.commandId
          state.issued.add(commandId)
          state.reactions.dispatched(saga, context.event, command, commandId)
          state.trace.record(component, 'dispatch', {
            commandId,
            streamId: command.streamId,
            command: command.command,
          })
          const result = yield* process.handle(
            state.handlerOf(command.handler),
            command.streamId,
            command.command,
            commandId,
          )
          state.trace.record(component, 'got', describeResult(commandId, result))
          state.reactions.answered(commandId, result)
          if (result._tag === 'Failed')
            return yield* Effect.fail<SagaDispatchFailed>({
              _tag: 'SagaDispatchFailed',
              error: result.error,
            })
          if (result._tag === 'Accepted')
            state.acknowledged.push({
              handler: command.handler,
              streamId: command.streamId,
              commandId,
              outcome: result.outcome,
            })
        }),
    }
    const exit = yield* drive(state.runtime.react(runner, store))
    recordEnd(state, component, exit)
    return exit
  })

/**
 * Starts a projection as a long-running follower, unless one is running already; its exit
 * (the follower's own `Exit`) is recorded when it ends.
 *
 * @category internals
 * @since 0.1.0
 */
export const follow = (
  state: RunState,
  projection: Projection<unknown, unknown>,
): Effect.Effect<void> =>
  Effect.gen(function* () {
    const running = state.followers.get(projection.name)
    if (running !== undefined && running.pollUnsafe() === undefined) return
    const component = `follower:${projection.name}`
    state.trace.record(component, 'started')
    const fiber = yield* Effect.forkChild(
      Effect.exit(state.runtime.follow(projection, state.storeFor(component))).pipe(
        Effect.tap((exit) =>
          Effect.sync(() => {
            if (exit._tag === 'Success') state.trace.record(component, 'ended')
            else
              state.trace.record(component, crashOf(exit.cause) ? 'crashed' : 'stopped', {
                cause: causeOf(exit.cause),
              })
          }),
        ),
      ),
    )
    state.followers.set(projection.name, fiber)
  })
