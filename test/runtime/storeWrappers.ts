/**
 * Store wrappers for the runtime tests: one that counts the events read, one whose calls fail
 * with `StoreUnavailable` a given number of times (before or after the append commits).
 * Adapters return plain objects, so a spread keeps their snapshot and checkpoint methods.
 */
import { Effect } from 'effect'
import type { EventStore } from '../../src/store/EventStore.js'
import { storeUnavailable } from '../../src/store/StoreError.js'

/** A store that counts the records its `readStream` returns. */
export const countingReads = <Store extends EventStore>(
  store: Store,
): { readonly store: Store; readonly reads: () => number; readonly reset: () => void } => {
  let reads = 0
  return {
    store: {
      ...store,
      readStream: (streamId, options) =>
        Effect.tap(store.readStream(streamId, options), (records) =>
          Effect.sync(() => {
            reads += records.length
          }),
        ),
    },
    reads: () => reads,
    reset: () => {
      reads = 0
    },
  }
}

/** Failures still to come, per operation; each call that fails takes one. */
export interface Faults {
  /** Appends that fail before writing anything. */
  appendsLost: number
  /** Appends that commit, then report `StoreUnavailable` (the connection dropped on the reply). */
  appendsCommittedButLost: number
  /** Calls of `readStream` that fail. */
  reads: number
  /** Calls of `streamVersion` that fail. */
  versions: number
}

export const noFaults = (): Faults => ({
  appendsLost: 0,
  appendsCommittedButLost: 0,
  reads: 0,
  versions: 0,
})

const unavailable = Effect.fail(storeUnavailable('connection terminated (test)'))

/** A store whose calls fail with `StoreUnavailable` as `faults` says, and counts its appends. */
export const flakyStore = <Store extends EventStore>(
  store: Store,
  faults: Faults,
): { readonly store: Store; readonly appendCalls: () => number } => {
  let appendCalls = 0
  return {
    store: {
      ...store,
      append: (streamId, events, options) =>
        Effect.suspend(() => {
          appendCalls++
          if (faults.appendsLost > 0) {
            faults.appendsLost--
            return unavailable
          }
          if (faults.appendsCommittedButLost > 0) {
            faults.appendsCommittedButLost--
            return Effect.andThen(store.append(streamId, events, options), unavailable)
          }
          return store.append(streamId, events, options)
        }),
      readStream: (streamId, options) =>
        Effect.suspend(() => {
          if (faults.reads > 0) {
            faults.reads--
            return unavailable
          }
          return store.readStream(streamId, options)
        }),
      streamVersion: (streamId) =>
        Effect.suspend(() => {
          if (faults.versions > 0) {
            faults.versions--
            return unavailable
          }
          return store.streamVersion(streamId)
        }),
    },
    appendCalls: () => appendCalls,
  }
}
