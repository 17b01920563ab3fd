/**
 * The store conformance suite: one set of vitest tests that every event store adapter, ours or
 * a user's, runs with its own factory. Import it from a test file only (it registers tests).
 *
 * @since 0.1.0
 */
import { describe } from 'vitest'
import type { EventStore } from '../store/EventStore.js'
import { appendConformance } from './conformance/appendTests.js'
import { argumentConformance } from './conformance/argumentTests.js'
import { eventIdConformance } from './conformance/eventIdTests.js'
import type { MakeStore } from './conformance/harness.js'
import { hostileConformance } from './conformance/hostileTests.js'
import { jsonConformance } from './conformance/jsonTests.js'
import { modelConformance } from './conformance/modelTests.js'
import { readConformance } from './conformance/readTests.js'
import { safetyConformance } from './conformance/safetyTests.js'

export type { MakeStore, StoreUnderTest } from './conformance/harness.js'
export type { Closable } from './conformance/snapshotTests.js'
export {
  checkpointStoreConformance,
  snapshotStoreConformance,
} from './conformance/snapshotTests.js'
export { StoreModel, expectedLogRange, expectedStreamRange } from './conformance/StoreModel.js'

/**
 * Options of the conformance suite.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface ConformanceOptions {
  /** Runs of the model-based property (default 40); each run makes a fresh store. */
  readonly numRuns?: number
  /** Runs of the hostile-envelope property (default 60), all on one store. */
  readonly hostileRuns?: number
}

/**
 * Registers, under `name`, the tests every `EventStore` must pass: expected-version semantics,
 * atomic appends, stream isolation, read ranges and directions, the store-wide log and its
 * positions, read-your-writes, notifications, unique event ids (`DuplicateEventId`), stream-id
 * checks, frozen records, metadata, values that are not JSON (`UnstorableEvent`), arguments from
 * untyped callers (`InvalidArgument` naming the field, for every event field, append option and
 * read option), closing, a property that hostile envelopes are refused or read back intact
 * (never acknowledged and then unreadable), and a model-based property comparing random appends
 * and reads with a model.
 *
 * `makeStore` must give a fresh, empty store on every call; the suite closes the store and
 * then calls `cleanup`.
 *
 * @example no-run
 * import { makeMemoryStore } from 'foldwise/adapters/memory'
 * import { eventStoreConformance } from 'foldwise/testing'
 * eventStoreConformance('memory', async () => ({ store: makeMemoryStore() }))
 *
 * @category conformance
 * @since 0.1.0
 */
export const eventStoreConformance = (
  name: string,
  makeStore: MakeStore<EventStore>,
  options?: ConformanceOptions,
): void => {
  describe(`${name} conforms to EventStore`, () => {
    appendConformance(makeStore)
    eventIdConformance(makeStore)
    readConformance(makeStore)
    safetyConformance(makeStore)
    jsonConformance(makeStore)
    argumentConformance(makeStore)
    hostileConformance(makeStore, options?.hostileRuns ?? 60)
    modelConformance(makeStore, options?.numRuns ?? 40)
  })
}
