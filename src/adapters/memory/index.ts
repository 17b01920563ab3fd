/**
 * The in-memory store adapter (`foldwise/adapters/memory`).
 *
 * @since 0.1.0
 */
export type { MemoryStoreOptions } from './MemoryStore.js'
export { makeMemoryStore } from './MemoryStore.js'
