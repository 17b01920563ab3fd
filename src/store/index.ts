/**
 * The store port (`foldwise/store`): the EventStore, SnapshotStore and CheckpointStore
 * interfaces, expected versions, stream ids, store errors, frozen records, the runtime checks of
 * every argument a store takes, and the Promise face.
 *
 * @since 0.1.0
 */
export * from './EventStore.js'
export * from './ExpectedVersion.js'
export * from './FrozenRecord.js'
export * from './PromiseEventStore.js'
export * from './StoreError.js'
export * from './StreamId.js'
export {
  checkAppendArguments,
  checkCheckpoint,
  checkCheckpointName,
  checkEventFields,
  checkReadAllOptions,
  checkReadStreamOptions,
  checkSnapshot,
  expectedVersionRefusal,
  maxSchemaVersion,
} from './StoreArguments.js'
export { timeRefusal } from './Time.js'
