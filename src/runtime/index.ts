/**
 * `foldwise/runtime`: command handling, snapshots, temporal queries, subscriptions,
 * projections and sagas on effect, with a Promise face derived from the Effect one.
 *
 * @since 0.1.0
 */
export {
  EventStoreService,
  IdGenerator,
  makeRuntimeStore,
  runtimeStoreOf,
  seededIdGenerator,
} from './services.js'
export type { IdGeneratorShape, RuntimeStore, RuntimeStoreOptions } from './services.js'
export { randomUuids } from './RandomIds.js'
export { eventDecodeFailed, hasTag, isRejected, rejected } from './errors.js'
export type { EventDecodeFailed, Rejected } from './errors.js'
export { noSnapshots, snapshotEvery, snapshotInterval } from './Snapshots.js'
export type {
  InvalidSnapshotInterval,
  NotAPositiveInteger,
  SnapshotInterval,
  SnapshotIntervalArgument,
  SnapshotPolicy,
  SnapshotStateCodec,
} from './Snapshots.js'
export {
  defaultCommandIdWindow,
  defaultConflictRetry,
  defaultUnavailableRetry,
  isConflict,
  isUnavailable,
  noCommandOptions,
  resolveSettings,
  retryBudget,
} from './CommandModel.js'
export type {
  CommandOptions,
  HandleError,
  HandlerSettings,
  Outcome,
  ResolvedSettings,
} from './CommandModel.js'
export type { HandledDecider } from './CommandRun.js'
export { commandHandler } from './CommandHandler.js'
export type { CommandHandler } from './CommandHandler.js'
export { history, stateAt } from './Temporal.js'
export type { Folding, HistoryEntry, PointInTime } from './Temporal.js'
export { subscribeAll } from './Subscription.js'
export type { SubscribeOptions } from './Subscription.js'
export { applyRecords, loadProjection, rebuildProjection, runProjection } from './Projections.js'
export type {
  Projection,
  ProjectionError,
  ProjectionProblem,
  ProjectionState,
  ReadModelCodec,
} from './Projections.js'
export { runSaga } from './Sagas.js'
export type { SagaContext, SagaRunner } from './Sagas.js'
export { promiseRunner, toPromiseFace } from './PromiseRunner.js'
export type { PromiseFace } from './PromiseRunner.js'
export { promiseContext, toPromiseHandler } from './PromiseFace.js'
export type { PromiseCommandHandler, PromiseFaceOptions } from './PromiseFace.js'
export { followerStopped, toPromiseFollowers } from './PromiseFollowers.js'
export type {
  FollowOptions,
  FollowerStopped,
  PromiseFollowers,
  PromiseSagaRunner,
} from './PromiseFollowers.js'
export type { FoldedStream } from './Loading.js'
export type { StateCache } from './StateCache.js'
export type { StreamLocks } from './StreamLocks.js'
