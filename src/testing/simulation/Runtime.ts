/**
 * The one place the simulation meets the runtime: how a handler process is started over a
 * store, how it handles a command, and how projections and sagas are run. Everything else in
 * the simulation sees only `SimulationRuntime`, so a broken runtime (a test fixture) replaces
 * one step here and nothing else.
 *
 * @since 0.1.0
 */
import { Context, Effect } from 'effect'
import type { EventCodec } from '../../codec/EventCodec.js'
import type { CommandHandler } from '../../runtime/CommandHandler.js'
import type { HandleError, Outcome } from '../../runtime/CommandModel.js'
import type { HandledDecider } from '../../runtime/CommandRun.js'
import { toPromiseFace } from '../../runtime/PromiseRunner.js'
import type { Projection, ProjectionError } from '../../runtime/Projections.js'
import { runProjection } from '../../runtime/Projections.js'
import type { SagaProcess } from '../../runtime/Sagas.js'
import { runSaga } from '../../runtime/Sagas.js'
import { EventStoreService, makeRuntimeStore } from '../../runtime/services.js'
import type { FaultyStore } from './FaultyStore.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A command handler as the simulation drives it: the runtime's handler value, with the decider
 * and codec it was made from (the invariants fold the log with them). Types erased (see
 * `simulatedHandler`).
 *
 * @category model
 * @since 0.1.0
 */
export interface HandlerUnderTest {
  readonly name: string
  readonly handler: CommandHandler<unknown, unknown, unknown, unknown>
  readonly decider: HandledDecider<unknown, unknown, unknown, unknown>
  readonly codec: EventCodec<unknown>
}

/**
 * What one command came to: accepted (with the handler's outcome), rejected by the domain, or
 * failed with a store or decode error.
 *
 * @category model
 * @since 0.1.0
 */
export type HandleResult =
  | { readonly _tag: 'Accepted'; readonly outcome: Outcome<unknown, unknown> }
  | { readonly _tag: 'Rejected'; readonly rejection: unknown }
  | { readonly _tag: 'Failed'; readonly error: { readonly _tag: string } }

/**
 * A running handler process: its caches are its own. A simulated crash dies out of `handle`
 * as a defect.
 *
 * @category model
 * @since 0.1.0
 */
export interface HandlerProcess {
  readonly handle: (
    handler: HandlerUnderTest,
    streamId: string,
    command: unknown,
    commandId: string,
  ) => Effect.Effect<HandleResult>
}

/**
 * A runtime as the simulation drives it.
 *
 * @category model
 * @since 0.1.0
 */
export interface SimulationRuntime {
  /**
   * Starts a handler process over its store; `crashed` is the process it replaces after a
   * crash (a correct runtime keeps nothing of it).
   */
  readonly start: (store: FaultyStore, crashed: HandlerProcess | undefined) => HandlerProcess
  /** Runs a projection until caught up, from its checkpoint. */
  readonly project: (
    projection: Projection<unknown, unknown>,
    store: FaultyStore,
  ) => Effect.Effect<unknown, ProjectionError>
  /** Runs a projection from its checkpoint for ever, following new events. */
  readonly follow: (
    projection: Projection<unknown, unknown>,
    store: FaultyStore,
  ) => Effect.Effect<unknown, ProjectionError>
  /** Runs a saga until caught up, from its checkpoint. */
  readonly react: (
    runner: SagaProcess<unknown, unknown, SagaDispatchFailed, never>,
    store: FaultyStore,
  ) => Effect.Effect<unknown, ProjectionError | SagaDispatchFailed>
}

/**
 * A saga's command failed with a store error: the saga stops (and is run again later).
 *
 * @category model
 * @since 0.1.0
 */
export interface SagaDispatchFailed {
  readonly _tag: 'SagaDispatchFailed'
  readonly error: { readonly _tag: string }
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Sorts a handler's failure: the domain's rejection (`Rejected`), or a store or decode error.
 *
 * @category constructors
 * @since 0.1.0
 */
export const handleResultOfError = (error: HandleError<unknown>): HandleResult =>
  error._tag === 'Rejected'
    ? { _tag: 'Rejected', rejection: error.rejection }
    : { _tag: 'Failed', error }

const accepted = (outcome: Outcome<unknown, unknown>): HandleResult => ({
  _tag: 'Accepted',
  outcome,
})

const followers: Pick<SimulationRuntime, 'project' | 'follow' | 'react'> = {
  project: (projection, store) =>
    runProjection(projection, { stopWhenCaughtUp: true }).pipe(
      Effect.provideService(EventStoreService, makeRuntimeStore(store)),
    ),
  follow: (projection, store) =>
    runProjection(projection).pipe(
      Effect.provideService(EventStoreService, makeRuntimeStore(store)),
    ),
  react: (runner, store) =>
    runSaga(runner, { stopWhenCaughtUp: true }).pipe(
      Effect.provideService(EventStoreService, makeRuntimeStore(store)),
    ),
}

/**
 * The runtime's Effect face: each process has its own runtime store over its faulty store
 * (so its own state cache and stream locks) and calls the handler value's `handle` with the
 * command id; projections and sagas run as the runtime runs them.
 *
 * @category constructors
 * @since 0.1.0
 */
export const effectRuntime: SimulationRuntime = {
  start: (store) => {
    const runtimeStore = makeRuntimeStore(store)
    return {
      handle: (handler, streamId, command, commandId) =>
        handler.handler
          .handle(streamId, command, { commandId })
          .pipe(
            Effect.provideService(EventStoreService, runtimeStore),
            Effect.match({ onSuccess: accepted, onFailure: handleResultOfError }),
          ),
    }
  },
  ...followers,
}

/**
 * The runtime's Promise face: the handler value's Promise face (derived by `toPromiseFace`, as
 * `toPromiseHandler` derives it), run in the simulation's context (its `TestClock`, seeded
 * ids and randomness) with the process's runtime store, and awaited. Projections and sagas run
 * on the Effect face.
 *
 * @category constructors
 * @since 0.1.0
 */
export const promiseRuntime: SimulationRuntime = {
  start: (store) => {
    const runtimeStore = makeRuntimeStore(store)
    return {
      handle: (handler, streamId, command, commandId) =>
        Effect.flatMap(Effect.context<never>(), (context) => {
          const face = toPromiseFace(
            handler.handler,
            Context.add(context, EventStoreService, runtimeStore),
          )
          return Effect.map(
            Effect.promise(() => face.handle(streamId, command, { commandId })),
            (either): HandleResult =>
              either._tag === 'Right' ? accepted(either.right) : handleResultOfError(either.left),
          )
        }),
    }
  },
  ...followers,
}
