/**
 * The in-memory store adapter (`foldwise/adapters/memory`).
 *
 * @since 0.1.0
 */
export * from './MemoryStore.js'
