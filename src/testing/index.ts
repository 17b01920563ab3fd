/**
 * The testing kit: given/when/then examples and property laws for deciders, and the event store
 * conformance suite (which registers vitest tests). `foldwise/testing/kit` is the same kit
 * without the conformance suite, so it loads no test runner and runs in a browser.
 *
 * @since 0.1.0
 */
export {
  checkDeciderLaws,
  DeciderAssertionError,
  DeciderLawError,
  deciderLaws,
  given,
  specFor,
} from './kit.js'
export type { DeciderLaw, DeciderLawOptions, Given, History, LawViolation, Then } from './kit.js'
export type { ConformanceOptions, MakeStore } from './eventStoreConformance.js'
export {
  checkpointStoreConformance,
  eventStoreConformance,
  snapshotStoreConformance,
} from './eventStoreConformance.js'
export type {
  Fault,
  FaultRates,
  FaultyStore,
  HandleResult,
  HandlerProcess,
  HandlerUnderTest,
  Invariant,
  Plan,
  SagaCommand,
  SagaDispatchFailed,
  Send,
  SimulatedHandler,
  SimulatedSaga,
  SimulatedSystem,
  SimulatedWorld,
  SimulationFailure,
  SimulationOptions,
  SimulationReport,
  SimulationRun,
  SimulationRuntime,
  Step,
  StoredBatch,
  Targeted,
  Violation,
} from './simulation/index.js'
export {
  FaultQueue,
  SimulationError,
  Trace,
  assertSimulation,
  defaultFaultRates,
  effectRuntime,
  formatFailure,
  makeFaultyStore,
  promiseRuntime,
  runPlan,
  simulate,
  simulatedHandler,
  simulatedProjection,
  simulatedSaga,
} from './simulation/index.js'
