/**
 * The store port (`foldwise/store`): the EventStore, SnapshotStore and CheckpointStore
 * interfaces, expected versions, stream ids, store errors, frozen records and the Promise face.
 *
 * @since 0.1.0
 */
export * from './EventStore.js'
export * from './ExpectedVersion.js'
export * from './FrozenRecord.js'
export * from './PromiseEventStore.js'
export * from './StoreError.js'
export * from './StreamId.js'
