/**
 * The file store: the embedded, durable default adapter (`foldwise/adapters/file`).
 *
 * @since 0.1.0
 */
export * from './FileStore.js'
export * from './FileSystem.js'
export * from './LineFormat.js'
export * from './SmallFiles.js'
export type { TornTail, IndexStatus, OpenLogOptions } from './FileLog.js'
export * from './Verify.js'
export * from './Repair.js'
export type { DamagedRecord } from './ScanLog.js'
export { openFileStorePromise } from './openFileStorePromise.js'
