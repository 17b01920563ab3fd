/**
 * The Promise face of the runtime, derived from its Effect face by `toPromiseFace`
 * (PromiseRunner.ts): a command handler (`toPromiseHandler`) and the followers (projections,
 * sagas, subscriptions: `toPromiseFollowers`), each bound to a store. Every call resolves to an
 * fp-ts `Either` (rejections and store errors are `Left`, never thrown); the promise rejects
 * only on a defect (a bug). The Effect face and the Promise face on one store share their
 * state cache and stream locks.
 *
 * @since 0.1.0
 */
import { Context } from 'effect'
import type { EventStore } from '../store/EventStore.js'
import type { CommandHandler } from './CommandHandler.js'
import type { PromiseFace } from './PromiseRunner.js'
import { toPromiseFace } from './PromiseRunner.js'
import type { IdGeneratorShape, RuntimeStoreOptions } from './services.js'
import { EventStoreService, IdGenerator, runtimeStoreOf } from './services.js'

/**
 * Options of a Promise face: the store's runtime options, and event ids (default random UUIDs).
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface PromiseFaceOptions extends RuntimeStoreOptions {
  readonly idGenerator?: IdGeneratorShape
}

/**
 * A command handler with Promise-returning methods.
 *
 * @category model
 * @since 0.1.0
 */
export type PromiseCommandHandler<Command, State, Event, Rejection> = PromiseFace<
  CommandHandler<Command, State, Event, Rejection>
>

/**
 * The context a Promise face runs in: the store's one runtime store, and the id generator.
 *
 * @category constructors
 * @since 0.1.0
 */
export const promiseContext = (
  store: EventStore,
  options: PromiseFaceOptions = {},
): Context.Context<EventStoreService> => {
  const base = Context.make(EventStoreService, runtimeStoreOf(store, options))
  return options.idGenerator === undefined
    ? base
    : (Context.add(base, IdGenerator, options.idGenerator) as Context.Context<EventStoreService>)
}

/**
 * The Promise face of a command handler on `store`.
 *
 * @example
 * import { makeMemoryStore } from 'foldwise/adapters/memory'
 * import { commandHandler, toPromiseHandler } from 'foldwise/runtime'
 * import { bankAccount } from './src/examples/bank.js'
 * import { bankEventCodec } from './src/examples/bank.codec.js'
 * const accounts = toPromiseHandler(commandHandler(bankAccount, bankEventCodec), makeMemoryStore())
 * const result = await accounts.handle('account-1', { type: 'Deposit', amount: 10 })
 * assert.strictEqual(result._tag === 'Left' && result.left._tag, 'Rejected') // AccountNotOpen
 *
 * @category constructors
 * @since 0.1.0
 */
export const toPromiseHandler = <Command, State, Event, Rejection>(
  handler: CommandHandler<Command, State, Event, Rejection>,
  store: EventStore,
  options?: PromiseFaceOptions,
): PromiseCommandHandler<Command, State, Event, Rejection> =>
  toPromiseFace(handler, promiseContext(store, options))
