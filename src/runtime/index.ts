/**
 * `foldwise/runtime`: command handling, snapshots, temporal queries, subscriptions,
 * projections and sagas on effect, with a Promise face derived from the Effect one.
 *
 * What is not listed here is internal (the store wrapper, settings resolution, the pipeline's
 * steps, error constructors the runtime alone calls); tests import those from their modules.
 *
 * @since 0.1.0
 */
export { EventStoreService, IdGenerator, seededIdGenerator } from './services.js'
export type { IdGeneratorShape, RuntimeStoreOptions } from './services.js'
export { rejected } from './errors.js'
export type {
  CheckpointsUnsupported,
  EventDecodeFailed,
  ReadModelUnreadable,
  Rejected,
} from './errors.js'
export { snapshotEvery, snapshotInterval } from './Snapshots.js'
export type {
  InvalidSnapshotInterval,
  NotAPositiveInteger,
  SnapshotInterval,
  SnapshotIntervalArgument,
  SnapshotPolicy,
  SnapshotStateCodec,
} from './Snapshots.js'
export { retryBudget } from './CommandModel.js'
export type { CommandOptions, HandleError, HandlerSettings, Outcome } from './CommandModel.js'
export { commandHandler } from './CommandHandler.js'
export type { CommandHandler } from './CommandHandler.js'
export type { HandledDecider } from './CommandRun.js'
export { history, stateAt } from './Temporal.js'
export type { Folding, HistoryEntry, PointInTime } from './Temporal.js'
export type { FoldedStream } from './Loading.js'
export { subscribeAll } from './Subscription.js'
export type { ReconnectPolicy } from './Reconnect.js'
export type { SubscribeOptions } from './Subscription.js'
export { loadProjection, rebuildProjection, runProjection } from './Projections.js'
export type {
  Projection,
  ProjectionError,
  ProjectionProblem,
  ProjectionState,
  ReadModelCodec,
  RunOptions,
} from './Projections.js'
export { runSaga } from './Sagas.js'
export type { SagaContext, SagaProcess } from './Sagas.js'
export { toPromiseHandler } from './PromiseFace.js'
export type { PromiseCommandHandler, PromiseFaceOptions } from './PromiseFace.js'
export type { PromiseFace } from './PromiseRunner.js'
export { toPromiseFollowers } from './PromiseFollowers.js'
export type {
  FollowOptions,
  FollowerStopped,
  PromiseFollowers,
  PromiseSagaProcess,
} from './PromiseFollowers.js'
