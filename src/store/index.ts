/**
 * The store port (`foldwise/store`): the EventStore, SnapshotStore and CheckpointStore
 * interfaces, expected versions, store errors, the runtime checks of every argument a store
 * takes (for adapter authors), and the Promise face.
 *
 * @since 0.1.0
 */
export type {
  AppendOptions,
  AppendResult,
  CheckpointStore,
  EventStore,
  ProjectionCheckpoint,
  ReadAllOptions,
  ReadStreamOptions,
  SnapshotStore,
  StoredSnapshot,
  Unsubscribe,
} from './EventStore.js'
export type { ExpectedVersion } from './ExpectedVersion.js'
export type { FrozenEvent } from './FrozenRecord.js'
export type {
  PromiseCheckpointStore,
  PromiseEventStore,
  PromiseSnapshotStore,
} from './PromiseEventStore.js'
export {
  toPromiseCheckpointStore,
  toPromiseSnapshotStore,
  toPromiseStore,
} from './PromiseEventStore.js'
export type {
  CorruptStore,
  DuplicateEventId,
  IncompatibleStore,
  InvalidArgument,
  InvalidStreamId,
  ReadOnlyStore,
  StoreClosed,
  StoreError,
  StoreUnavailable,
  UnstorableEvent,
  WrongExpectedVersion,
} from './StoreError.js'
export { formatStoreError, isStoreError } from './StoreError.js'
