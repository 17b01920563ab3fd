/**
 * `foldwise/runtime`: command handling, snapshots, temporal queries, subscriptions,
 * projections and sagas on effect, with a Promise face derived from the Effect one.
 *
 * What is not listed here is internal (the store wrapper, settings resolution, the pipeline's
 * steps, error constructors the runtime alone calls); tests import those from their modules.
 * Listed are the values users call and the types they write in their own signatures: the
 * handler and its settings and options, projections and sagas and their options, the Promise
 * faces, and the error unions (`HandleError`, `ProjectionError`), whose members are told apart
 * by `_tag` (`'Rejected'`, `'EventDecodeFailed'`, `'CheckpointsUnsupported'`, ... and every
 * store error's tag). Option shapes of single functions (`subscribeAll`'s, `history`'s point in
 * time, the Promise face's) are read off their signatures (`Parameters<typeof subscribeAll>`).
 *
 * @since 0.1.0
 */
export { EventStoreService, IdGenerator, seededIdGenerator } from './services.js'
export { snapshotEvery, snapshotInterval } from './Snapshots.js'
export { retryBudget } from './CommandModel.js'
export type { CommandOptions, HandleError, HandlerSettings, Outcome } from './CommandModel.js'
export { commandHandler } from './CommandHandler.js'
export type { CommandHandler } from './CommandHandler.js'
export { history, stateAt } from './Temporal.js'
export { subscribeAll } from './Subscription.js'
export { loadProjection, rebuildProjection, runProjection } from './Projections.js'
export type { Projection, ProjectionError, ReadModelCodec, RunOptions } from './Projections.js'
export { runSaga } from './Sagas.js'
export type { SagaProcess } from './Sagas.js'
export { toPromiseHandler } from './PromiseFace.js'
export type { PromiseCommandHandler } from './PromiseFace.js'
export { toPromiseFollowers } from './PromiseFollowers.js'
export type { PromiseFollowers, PromiseSagaProcess } from './PromiseFollowers.js'
