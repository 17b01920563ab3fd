/**
 * The store port (`foldwise/store`): the EventStore, SnapshotStore and CheckpointStore
 * interfaces, expected versions, the store error family and the Promise face. A store error is
 * one union, `StoreError`, told apart by `_tag` (`'WrongExpectedVersion'`, `'StoreClosed'`,
 * ...): narrow on the tag, and name one member as
 * `Extract<StoreError, { readonly _tag: 'WrongExpectedVersion' }>`. The option and result
 * shapes of the store's methods (`AppendOptions` with its `ExpectedVersion`, `ReadStreamOptions`,
 * `StoredSnapshot`, `ProjectionCheckpoint`, ...) are read off the interfaces
 * (`Parameters<EventStore['append']>[2]`).
 *
 * @since 0.1.0
 */
export type { CheckpointStore, EventStore, SnapshotStore } from './EventStore.js'
export type { PromiseEventStore } from './PromiseEventStore.js'
export { toPromiseStore } from './PromiseEventStore.js'
export type { StoreError } from './StoreError.js'
export { formatStoreError, isStoreError } from './StoreError.js'
