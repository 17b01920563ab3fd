/**
 * `handle`: load a stream's state (cache, or snapshot plus the events after it), decide,
 * encode, append with the loaded version as the expected version, and return the new events,
 * state and version. Rejections travel in the error channel with the domain's own tags.
 *
 * Idempotency: a command may carry `commandId`; the id is written into the metadata of every
 * event the command produced, so every adapter supports it, and it is remembered for the last
 * `commandIdWindow` events of the stream (`defaultCommandIdWindow`, 1,000). A command that
 * produced no events leaves no trace and is decided again.
 *
 * Stale caches: a decision that appends nothing (a rejection, or no events) made on a cached
 * state is returned only after the stream's version is checked; if another process appended,
 * the state is caught up and the command decided again.
 *
 * Failures: a version conflict is retried under `retry`; `StoreUnavailable` under
 * `unavailableRetry`, each store call on its own, an append with the same batch at the same
 * expected version, so it commits at most once (see Commit.ts).
 *
 * Two paths, one behaviour: the fast path (FastPath.ts) handles a cached, uncontended stream
 * without a tracer in a few synchronous steps and one append; the general path
 * (CommandAttempt.ts) loads, refreshes, replays, checks, traces and retries. Both end in
 * `commitEvents` (Commit.ts).
 *
 * @since 0.1.0
 */
import { Context, Effect } from 'effect'
import type { EventCodec } from '../codec/EventCodec.js'
import { attemptWithRetry } from './CommandAttempt.js'
import type { HandleError, HandleOptions, HandledDecider, Outcome } from './CommandModel.js'
import { noHandleOptions } from './CommandModel.js'
import { handleFast } from './FastPath.js'
import { EventStoreService } from './services.js'

/**
 * Handles one command on one stream.
 *
 * @example
 * import { Effect } from 'effect'
 * import { makeMemoryStore } from 'foldwise/adapters/memory'
 * import { EventStoreService, handle } from 'foldwise/runtime'
 * import { bankAccount } from './src/examples/bank.js'
 * import { bankEventCodec } from './src/examples/bank.codec.js'
 * const program = handle(bankAccount, bankEventCodec, 'account-1', { type: 'OpenAccount', accountId: 'account-1', owner: 'Ada', initialBalance: 1000 })
 * const outcome = await Effect.runPromise(program.pipe(Effect.provide(EventStoreService.layer(makeMemoryStore()))))
 * assert.strictEqual(outcome.version, 1)
 *
 * @category handling
 * @since 0.1.0
 */
export const handle = <Command, State, Event, Rejection>(
  decider: HandledDecider<Command, State, Event, Rejection>,
  codec: EventCodec<Event>,
  streamId: string,
  command: Command,
  options: HandleOptions<State> = noHandleOptions,
): Effect.Effect<Outcome<State, Event>, HandleError<Rejection>, EventStoreService> =>
  Effect.withFiber<Outcome<State, Event>, HandleError<Rejection>, EventStoreService>((fiber) => {
    const store = Context.getUnsafe(fiber.context, EventStoreService)
    return (
      handleFast(fiber, store, decider, codec, streamId, command, options) ??
      store.locks.withLock(
        streamId,
        attemptWithRetry(store, decider, codec, streamId, command, options),
      )
    )
  })
