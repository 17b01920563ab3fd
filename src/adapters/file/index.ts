/**
 * The file store: the embedded, durable default adapter (`foldwise/adapters/file`).
 *
 * @since 0.1.0
 */
export type { FileStore, FileStoreOptions, FileStoreRecovery } from './FileStore.js'
export type { UncutTail } from './FileLog.js'
export { openFileStore } from './FileStore.js'
export type { VerifyOptions, VerifyReport } from './Verify.js'
export { verifyFileStore } from './Verify.js'
export type { RepairReport } from './Repair.js'
export { repairFileStore } from './Repair.js'
export type { DamagedRecord } from './ScanLog.js'
export { openFileStorePromise } from './openFileStorePromise.js'
