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
import type { Decider } from '../kernel/Decider.js'
import type { StoreError } from '../store/StoreError.js'
import type { CommandOptions, HandleError, HandlerSettings, Outcome } from './CommandModel.js'
import { noCommandOptions, resolveSettings } from './CommandModel.js'
import type { EventDecodeFailed } from './errors.js'
import type { FoldedStream } from './Loading.js'
import { loadStream } from './Loading.js'
import { runCommand } from './Pipeline.js'
import type { StepFace } from './PromiseRunner.js'
import { withStepFace } from './PromiseRunner.js'
import type { IdGeneratorShape, RuntimeStore } from './services.js'
import type { StateCache } from './StateCache.js'
import { EventStoreService, IdGenerator } from './services.js'
import type { Step } from './Step.js'
import { toEffect } from './Step.js'
import type { HistoryEntry, PointInTime } from './Temporal.js'
import { history, stateAt } from './Temporal.js'
import { isTraced } from './tracing.js'
import {
  checkCommandOptions,
  checkHandlerBinding,
  checkRuntimeContext,
  checkSettings,
} from './HandlerArguments.js'
import { Failed } from './Step.js'
import type { InvalidArgument } from '../store/StoreError.js'

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
  decider: Pick<Decider<Command, State, Event, Rejection>, 'initialState' | 'decide' | 'evolve'>,
  codec: EventCodec<Event>,
  settings?: HandlerSettings<State>,
): CommandHandler<Command, State, Event, Rejection> => {
  // The decider, codec and settings are checked once, here; a handler built with wrong ones
  // refuses every call with the same `InvalidArgument` naming the wrong one (HandlerArguments.ts).
  const refused: InvalidArgument | undefined =
    checkHandlerBinding(decider, codec) ?? checkSettings(settings)
  const resolved = resolveSettings(refused === undefined ? settings : undefined)
  const snapshotOptions = resolved.snapshots === undefined ? {} : { snapshots: resolved.snapshots }
  // The cache of the last store seen: a handler usually runs on one store, and asking the store
  // is a WeakMap lookup per command.
  let lastStore: RuntimeStore | undefined
  let lastCache: StateCache<State> | undefined
  const cacheOf = (store: RuntimeStore): StateCache<State> => {
    if (store !== lastStore || lastCache === undefined) {
      lastCache = store.cacheFor<State>(decider, resolved.cacheSize)
      lastStore = store
    }
    return lastCache
  }
  // The store's runtime options and the id generator come with the context, so they are
  // checked when it changes (HandlerArguments.ts), not per command.
  let checkedStore: RuntimeStore | undefined
  let checkedIds: IdGeneratorShape | undefined
  let contextRefused: InvalidArgument | undefined
  /** Runs one command with what its caller sees: the store, ids, clock and tracer. */
  const run = (
    store: RuntimeStore,
    ids: IdGeneratorShape,
    clock: Clock.Clock,
    traced: boolean,
    streamId: string,
    command: Command,
    options: CommandOptions,
  ): Step<Outcome<State, Event>, HandleError<Rejection>> => {
    if (refused !== undefined) return new Failed(refused)
    if (store !== checkedStore || ids !== checkedIds) {
      contextRefused = checkRuntimeContext(store.cacheSize, ids)
      checkedStore = store
      checkedIds = ids
    }
    if (contextRefused !== undefined) return new Failed(contextRefused)
    if (options !== noCommandOptions) {
      const badOptions = checkCommandOptions(options)
      if (badOptions !== undefined) return new Failed(badOptions)
    }
    return runCommand<Command, State, Event, Rejection>({
      store,
      decider,
      codec,
      settings: resolved,
      cache: cacheOf(store),
      streamId,
      command,
      options,
      ids,
      clock,
      traced,
    })
  }
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
      run(store, ids, clock, false, streamId, command, options)
  }
  // What the last fiber's context gave: contexts are immutable values (a fiber given another
  // one holds a new object), so the same context gives the same services.
  let lastContext: Context.Context<never> | undefined
  let contextStore: RuntimeStore | undefined
  let contextIds: IdGeneratorShape | undefined
  let contextClock: Clock.Clock | undefined
  const handle = (
    streamId: string,
    command: Command,
    options: CommandOptions = noCommandOptions,
  ): Effect.Effect<Outcome<State, Event>, HandleError<Rejection>, EventStoreService> =>
    Effect.withFiber((fiber) => {
      const context = fiber.context
      if (context !== lastContext) {
        contextStore = Context.getUnsafe(context, EventStoreService)
        contextIds = fiber.getRef(IdGenerator)
        contextClock = fiber.getRef(Clock.Clock)
        lastContext = context
      }
      return toEffect(
        run(
          contextStore as RuntimeStore,
          contextIds as IdGeneratorShape,
          contextClock as Clock.Clock,
          isTraced(fiber),
          streamId,
          command,
          options,
        ),
      )
    })
  return {
    handle: withStepFace(handle, handleStep),
    state: (streamId) =>
      refused !== undefined
        ? Effect.fail(refused)
        : Effect.flatMap(EventStoreService, (store) =>
            Effect.map(
              loadStream(store, decider, codec, streamId, resolved.snapshots, undefined),
              (loaded): FoldedStream<State> => ({ state: loaded.state, version: loaded.version }),
            ),
          ),
    stateAt: (streamId, point) =>
      refused !== undefined
        ? Effect.fail(refused)
        : stateAt(decider, codec, streamId, point, snapshotOptions),
    history: (streamId) =>
      refused !== undefined ? Effect.fail(refused) : history(codec, streamId),
  }
}
