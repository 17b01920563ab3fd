/**
 * Deterministic simulation of whole applications (handlers, projections, sagas) under faults,
 * replayable from a seed.
 *
 * @since 0.1.0
 */
export type { Fault, FaultRates, Plan, PlanShape, Send, Step } from './Plan.js'
export { faultArbitrary, planArbitrary } from './Plan.js'
export type { StoredBatch } from './Trace.js'
export { Trace, stableJson } from './Trace.js'
export type { FaultyStore, SimulatedCrash } from './FaultyStore.js'
export { FaultQueue, isSimulatedCrash, makeFaultyStore } from './FaultyStore.js'
export type {
  HandleResult,
  HandlerProcess,
  HandlerUnderTest,
  SagaDispatchFailed,
  SimulationRuntime,
} from './Runtime.js'
export { effectRuntime, handleResultOfError, promiseRuntime } from './Runtime.js'
export type {
  Invariant,
  SagaCommand,
  SimulatedHandler,
  SimulatedSaga,
  SimulatedSystem,
  SimulatedWorld,
  Targeted,
} from './System.js'
export { simulatedHandler, simulatedProjection, simulatedSaga } from './System.js'
export type { Acknowledgement, RunRecord, StoreView, Violation } from './Invariants.js'
export { checkInvariants } from './Invariants.js'
export type { SimulationRun } from './Run.js'
export { runPlan } from './Run.js'
export type { SimulationFailure, SimulationOptions, SimulationReport } from './simulate.js'
export {
  SimulationError,
  assertSimulation,
  defaultFaultRates,
  failureSource,
  formatFailure,
  simulate,
  simulationPlans,
} from './simulate.js'
