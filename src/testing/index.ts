/**
 * The testing kit: given/when/then examples and property laws for deciders, and the event store
 * conformance suite (which registers vitest tests). `foldwise/testing/kit` is the same kit
 * without the conformance suite, so it loads no test runner and runs in a browser.
 *
 * The simulation offers what a user writes: a system (`simulatedHandler`, `simulatedProjection`,
 * `simulatedSaga`, `SimulatedSystem`), the runtimes (`effectRuntime`, `promiseRuntime`),
 * invariants, `simulate` / `assertSimulation` and the report, and `runPlan` to replay a shrunk
 * plan from a report. Plans, faults, traces and the faulty store are opaque: they are data a
 * report prints and `runPlan` reads back, not an API to build on.
 *
 * @since 0.1.0
 */
export {
  checkDeciderLaws,
  DeciderLawError,
  deciderLaws,
  given,
  LawViolation,
  specFor,
} from './kit.js'
export {
  checkpointStoreConformance,
  eventStoreConformance,
  snapshotStoreConformance,
} from './eventStoreConformance.js'
export type {
  Invariant,
  SimulatedSystem,
  SimulationOptions,
  SimulationReport,
} from './simulation/index.js'
export {
  SimulationError,
  assertSimulation,
  defaultFaultRates,
  effectRuntime,
  formatFailure,
  promiseRuntime,
  runPlan,
  simulate,
  simulatedHandler,
  simulatedProjection,
  simulatedSaga,
} from './simulation/index.js'
