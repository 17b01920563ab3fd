/**
 * The Promise face: the same deciders, handled without Effect in user code. Every call
 * resolves to an fp-ts `Either` (rejections and store errors are `Left`, never thrown); the
 * promise rejects only on a defect (a bug).
 *
 * @since 0.1.0
 */
import type { Exit } from 'effect'
import { Cause, Clock, Context, Effect } from 'effect'
import type { Either } from 'fp-ts/lib/Either.js'
import { left, right } from 'fp-ts/lib/Either.js'
import type { EventCodec } from '../codec/EventCodec.js'
import type { EventStore } from '../store/EventStore.js'
import type { StoreError } from '../store/StoreError.js'
import type { HandleError, HandleOptions, HandledDecider, Outcome } from './CommandModel.js'
import { noHandleOptions } from './CommandModel.js'
import { handle } from './CommandHandler.js'
import type { EventDecodeFailed } from './errors.js'
import type { FastResult } from './FastPath.js'
import { handleFastUntraced, isFastEffect } from './FastPath.js'
import type { FoldedStream } from './Loading.js'
import type { IdGeneratorShape, RuntimeStoreOptions } from './services.js'
import { EventStoreService, IdGenerator, runtimeStoreOf } from './services.js'
import type { SnapshotPolicy } from './Snapshots.js'
import type { HistoryEntry, PointInTime } from './Temporal.js'
import { history, stateAt } from './Temporal.js'

/**
 * Options of a Promise-face command handler.
 *
 * @category model
 * @since 0.1.0
 */
export interface CommandHandlerOptions<
  Command,
  State,
  Event,
  Rejection,
> extends RuntimeStoreOptions {
  readonly store: EventStore
  readonly decider: HandledDecider<Command, State, Event, Rejection>
  readonly codec: EventCodec<Event>
  /** The default snapshot policy of every command; a command's own `snapshots` wins. */
  readonly snapshots?: SnapshotPolicy<State>
  /** Event ids; default random UUIDs. */
  readonly idGenerator?: IdGeneratorShape
}

/**
 * A decider bound to a store, with Promise-returning methods.
 *
 * @category model
 * @since 0.1.0
 */
export interface CommandHandler<Command, State, Event, Rejection> {
  readonly handle: (
    streamId: string,
    command: Command,
    options?: HandleOptions<State>,
  ) => Promise<Either<HandleError<Rejection>, Outcome<State, Event>>>
  readonly stateAt: (
    streamId: string,
    point: PointInTime,
  ) => Promise<Either<StoreError | EventDecodeFailed, FoldedStream<State>>>
  readonly history: (
    streamId: string,
  ) => Promise<Either<StoreError | EventDecodeFailed, ReadonlyArray<HistoryEntry<Event>>>>
}

/** A typed failure as `Left`; a defect or an interruption rejects, as `Effect.runPromise` does. */
const settle = <A, E>(exit: Exit.Exit<A, E>): Promise<Either<E, A>> => {
  if (exit._tag === 'Success') return Promise.resolve(right(exit.value))
  const cause = exit.cause
  if (!Cause.hasDies(cause)) {
    const error = Cause.findError(cause)
    if (error._tag === 'Success') return Promise.resolve(left(error.success))
  }
  return Promise.reject(Cause.squash(cause))
}

/**
 * The options of a command with the handler's default snapshot policy filled in, unless the
 * command has its own. Commands without options share one prebuilt object; others get a copy
 * built field by field (one shape, no spread).
 */
const snapshotsDefault = <State>(
  snapshots: SnapshotPolicy<State> | undefined,
): ((given: HandleOptions<State>) => HandleOptions<State>) => {
  if (snapshots === undefined) return (given) => given
  const onlySnapshots: HandleOptions<State> = Object.freeze({ snapshots })
  return (given) => {
    if (given.snapshots !== undefined) return given
    if (given === noHandleOptions) return onlySnapshots
    return {
      commandId: given.commandId,
      correlationId: given.correlationId,
      causationId: given.causationId,
      metadata: given.metadata,
      snapshots,
      retry: given.retry,
      unavailableRetry: given.unavailableRetry,
      commandIdWindow: given.commandIdWindow,
    }
  }
}

/**
 * Binds a decider and its codec to a store.
 *
 * @example
 * import { makeMemoryStore } from 'foldwise/adapters/memory'
 * import { createCommandHandler } from 'foldwise/runtime'
 * import { bankAccount } from './src/examples/bank.js'
 * import { bankEventCodec } from './src/examples/bank.codec.js'
 * const accounts = createCommandHandler({ store: makeMemoryStore(), decider: bankAccount, codec: bankEventCodec })
 * const result = await accounts.handle('account-1', { type: 'Deposit', amount: 10 })
 * assert.strictEqual(result._tag, 'Left') // AccountNotOpen
 *
 * @category constructors
 * @since 0.1.0
 */
export const createCommandHandler = <Command, State, Event, Rejection>(
  options: CommandHandlerOptions<Command, State, Event, Rejection>,
): CommandHandler<Command, State, Event, Rejection> => {
  const base = Context.make(EventStoreService, runtimeStoreOf(options.store, options))
  const context =
    options.idGenerator === undefined ? base : Context.add(base, IdGenerator, options.idGenerator)
  const run = Effect.runForkWith(context)
  const toEither = <A, E>(
    effect: Effect.Effect<A, E, EventStoreService>,
  ): Promise<Either<E, A>> => {
    const fiber = run(effect)
    // Most commands on a cached stream finish synchronously: answer them without waiting
    // for an observer; only a suspended fiber is awaited.
    const exit = fiber.pollUnsafe()
    if (exit !== undefined) return settle(exit)
    return new Promise((resolve) => fiber.addObserver(resolve)).then((exit) =>
      settle(exit as Exit.Exit<A, E>),
    )
  }
  const snapshots = options.snapshots
  const withSnapshots = snapshotsDefault(snapshots)
  // What a fiber of `run` would see: no tracer (none can be installed here), this context's
  // ids, and the default clock. The fast path runs with them, without a fiber.
  const runtimeStore = Context.get(context, EventStoreService)
  const ids = Context.get(context, IdGenerator)
  const clock = Context.get(context, Clock.Clock)
  const { decider, codec } = options
  return {
    handle: (streamId, command, handleOptions = noHandleOptions) => {
      const withDefaults = withSnapshots(handleOptions)
      let fast: FastResult<State, Event, Rejection>
      try {
        fast = handleFastUntraced(
          runtimeStore,
          decider,
          codec,
          streamId,
          command,
          withDefaults,
          ids,
          clock,
        )
      } catch (defect) {
        // A defect (a throwing decider or codec) rejects, as it would from a fiber.
        return Promise.reject(defect)
      }
      if (fast === undefined)
        return toEither(handle(decider, codec, streamId, command, withDefaults))
      if (isFastEffect(fast)) return toEither(fast)
      return Promise.resolve(right(fast))
    },
    stateAt: (streamId, point) =>
      toEither(
        stateAt(
          options.decider,
          options.codec,
          streamId,
          point,
          snapshots === undefined ? {} : { snapshots },
        ),
      ),
    history: (streamId) => toEither(history(options.codec, streamId)),
  }
}
