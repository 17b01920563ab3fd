/**
 * The command handler: a decider and its event codec bound, once, to their settings
 * (snapshots, retries, the command-id window, the cache), as a value with Effect methods:
 * `handle` a command, the current `state` of a stream, its state at a point (`stateAt`) and its
 * `history`. The store comes from `EventStoreService`, so the same handler runs on memory, file
 * or PostgreSQL. `toPromiseHandler` (PromiseFace.ts) derives the Promise face from it.
 *
 * Idempotency: a command may carry `commandId`; the id is written into the metadata of every
 * event the command produced, so every adapter supports it, and it is remembered for the last
 * `commandIdWindow` events of the stream. A command that produced no events leaves no trace
 * and is decided again.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect } from 'effect'
import type { EventCodec } from '../codec/EventCodec.js'
import type { StoreError } from '../store/StoreError.js'
import type { CommandOptions, HandleError, HandlerSettings, Outcome } from './CommandModel.js'
import { noCommandOptions, resolveSettings } from './CommandModel.js'
import type { HandledDecider } from './CommandRun.js'
import { makeCommandRun } from './CommandRun.js'
import type { EventDecodeFailed } from './errors.js'
import type { FoldedStream } from './Loading.js'
import { loadStream } from './Loading.js'
import { runCommand } from './Pipeline.js'
import type { StepFace } from './PromiseRunner.js'
import { withStepFace } from './PromiseRunner.js'
import { EventStoreService, IdGenerator } from './services.js'
import { toEffect } from './Step.js'
import type { HistoryEntry, PointInTime } from './Temporal.js'
import { history, stateAt } from './Temporal.js'
import { isTraced } from './tracing.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A decider bound to its codec and settings, with Effect methods.
 *
 * @category model
 * @since 0.1.0
 */
export interface CommandHandler<Command, State, Event, Rejection> {
  /** Handles one command on one stream. */
  readonly handle: (
    streamId: string,
    command: Command,
    options?: CommandOptions,
  ) => Effect.Effect<Outcome<State, Event>, HandleError<Rejection>, EventStoreService>
  /** The stream's current state, read from the store (snapshot plus the events after it). */
  readonly state: (
    streamId: string,
  ) => Effect.Effect<FoldedStream<State>, StoreError | EventDecodeFailed, EventStoreService>
  /** The stream's state after a version or at an instant (see `stateAt`). */
  readonly stateAt: (
    streamId: string,
    point: PointInTime,
  ) => Effect.Effect<FoldedStream<State>, StoreError | EventDecodeFailed, EventStoreService>
  /** The stream's events, decoded, with their versions, positions and metadata. */
  readonly history: (
    streamId: string,
  ) => Effect.Effect<
    ReadonlyArray<HistoryEntry<Event>>,
    StoreError | EventDecodeFailed,
    EventStoreService
  >
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Binds a decider and its event codec to their settings.
 *
 * @example
 * import { Effect } from 'effect'
 * import { makeMemoryStore } from 'foldwise/adapters/memory'
 * import { EventStoreService, commandHandler } from 'foldwise/runtime'
 * import { bankAccount } from './src/examples/bank.js'
 * import { bankEventCodec } from './src/examples/bank.codec.js'
 * const accounts = commandHandler(bankAccount, bankEventCodec)
 * const program = Effect.gen(function* () {
 *   yield* accounts.handle('account-1', { type: 'OpenAccount', accountId: 'account-1', owner: 'Ada', initialBalance: 1000 })
 *   const refused = yield* Effect.flip(accounts.handle('account-1', { type: 'Withdraw', amount: 5000 }))
 *   const { state } = yield* accounts.state('account-1')
 *   return { refused, state }
 * })
 * const { refused, state } = await Effect.runPromise(program.pipe(Effect.provide(EventStoreService.layer(makeMemoryStore()))))
 * assert.strictEqual(refused._tag, 'Rejected')
 * assert.strictEqual(state.balance, 1000)
 *
 * @category constructors
 * @since 0.1.0
 */
export const commandHandler = <Command, State, Event, Rejection>(
  decider: HandledDecider<Command, State, Event, Rejection>,
  codec: EventCodec<Event>,
  settings?: HandlerSettings<State>,
): CommandHandler<Command, State, Event, Rejection> => {
  const resolved = resolveSettings(settings)
  const snapshotOptions = resolved.snapshots === undefined ? {} : { snapshots: resolved.snapshots }
  const handleStep: StepFace<
    EventStoreService,
    [streamId: string, command: Command, options?: CommandOptions],
    Outcome<State, Event>,
    HandleError<Rejection>
  > = (context) => {
    // What a fiber of the Promise face would see: no tracer, this context's ids and clock.
    const store = Context.get(context, EventStoreService)
    const ids = Context.get(context, IdGenerator)
    const clock = Context.get(context, Clock.Clock)
    return (streamId, command, options = noCommandOptions) =>
      runCommand(
        makeCommandRun(
          store,
          decider,
          codec,
          resolved,
          streamId,
          command,
          options,
          ids,
          clock,
          false,
        ),
      )
  }
  const handle = (
    streamId: string,
    command: Command,
    options: CommandOptions = noCommandOptions,
  ): Effect.Effect<Outcome<State, Event>, HandleError<Rejection>, EventStoreService> =>
    Effect.withFiber((fiber) =>
      toEffect(
        runCommand(
          makeCommandRun(
            Context.getUnsafe(fiber.context, EventStoreService),
            decider,
            codec,
            resolved,
            streamId,
            command,
            options,
            fiber.getRef(IdGenerator),
            fiber.getRef(Clock.Clock),
            isTraced(fiber),
          ),
        ),
      ),
    )
  return {
    handle: withStepFace(handle, handleStep),
    state: (streamId) =>
      Effect.flatMap(EventStoreService, (store) =>
        Effect.map(
          loadStream(store, decider, codec, streamId, resolved.snapshots, undefined),
          (loaded): FoldedStream<State> => ({ state: loaded.state, version: loaded.version }),
        ),
      ),
    stateAt: (streamId, point) => stateAt(decider, codec, streamId, point, snapshotOptions),
    history: (streamId) => history(codec, streamId),
  }
}
