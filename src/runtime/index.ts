/**
 * `foldwise/runtime`: command handling, snapshots, temporal queries, subscriptions,
 * projections and sagas on effect, with a Promise face.
 *
 * @since 0.1.0
 */
export * from './services.js'
export * from './RandomIds.js'
export * from './errors.js'
export * from './Snapshots.js'
export * from './CommandModel.js'
export * from './CommandHandler.js'
export * from './Temporal.js'
export { isRecordedBy, prefixLengthAsOf, recordsAsOf } from './TimeRule.js'
export type { Timed } from './TimeRule.js'
export * from './Subscription.js'
export { backoffCeiling, retryWhileUnavailable } from './Reconnect.js'
export type { ReconnectPolicy } from './Reconnect.js'
export * from './Projections.js'
export * from './Sagas.js'
export * from './PromiseFace.js'
export type { FoldedStream } from './Loading.js'
export type { StateCache } from './StateCache.js'
export type { StreamLocks } from './StreamLocks.js'
