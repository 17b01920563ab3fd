/**
 * The file store: the embedded, durable default adapter (`foldwise/adapters/file`). The reports
 * of `verifyFileStore`, `repairFileStore` and `FileStore.recovery()` are plain readonly data
 * whose shapes are read off those signatures.
 *
 * @since 0.1.0
 */
export type { FileStore, FileStoreOptions } from './FileStore.js'
export { openFileStore } from './FileStore.js'
export { openFileStorePromise } from './openFileStorePromise.js'
export { verifyFileStore } from './Verify.js'
export { repairFileStore } from './Repair.js'
