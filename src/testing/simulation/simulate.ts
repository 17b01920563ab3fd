/**
 * `simulate`: runs a system over many seeds, one plan per seed, and on the first broken
 * invariant shrinks that seed's plan (fast-check shrinks the steps and the faults) and reports
 * the seed, the shrunk plan's trace and a ready-to-run test that replays it.
 *
 * @since 0.1.0
 */
import fc from 'fast-check'
import { toSource } from '../toSource.js'
import type { Violation } from './Invariants.js'
import type { FaultRates, Plan } from './Plan.js'
import { planArbitrary } from './Plan.js'
import type { SimulationRun } from './Run.js'
import { runPlan } from './Run.js'
import { RunMemo } from './RunMemo.js'
import type { SimulatedSystem } from './System.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Options of a simulation. Seeds `from`, `from + 1`, ... `from + count - 1` are run.
 *
 * @category model
 * @since 0.1.0
 */
export interface SimulationOptions {
  /** The first seed. Default 1. */
  readonly from?: number
  /** How many seeds. Default 100. */
  readonly count?: number
  /** Fault rates per store call. Default `defaultFaultRates`. */
  readonly rates?: FaultRates
  /** Handler processes (each with its own cache). Default 2. */
  readonly processes?: number
  /** Steps per plan, at most. Default 8. */
  readonly maxSteps?: number
}

/**
 * A seed that broke an invariant: the shrunk plan, what it broke, its trace and a test that
 * replays it.
 *
 * @category model
 * @since 0.1.0
 */
export interface SimulationFailure {
  readonly seed: number
  readonly plan: Plan
  readonly violation: Violation & { readonly step: number }
  readonly trace: ReadonlyArray<string>
  /** A vitest test replaying the shrunk plan (`system` stands for the system simulated). */
  readonly source: string
}

/**
 * What a simulation found: how many seeds ran, and the first failure.
 *
 * @category model
 * @since 0.1.0
 */
export interface SimulationReport {
  readonly seeds: number
  readonly failure: SimulationFailure | undefined
}

/**
 * A simulation failed: its message holds the seed, the broken invariant, the shrunk trace and
 * the test that replays it.
 *
 * @category model
 * @since 0.1.0
 */
export class SimulationError extends Error {
  override readonly name = 'SimulationError'
  constructor(readonly failure: SimulationFailure) {
    super(formatFailure(failure))
  }
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Faults on about one store call in six: conflicts, unavailability and ambiguous appends 3%
 * each, slow calls 4%, crashes before and after a call 1.5% each, notification faults 1% each.
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaultFaultRates: FaultRates = {
  conflict: 0.03,
  unavailable: 0.03,
  ambiguous: 0.03,
  slow: 0.04,
  crash: 0.015,
  crashAfter: 0.015,
  duplicateNotification: 0.01,
  delayedNotification: 0.01,
}

/**
 * The plans a system is simulated with (see `planArbitrary`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const simulationPlans = (
  system: SimulatedSystem,
  options: SimulationOptions = {},
): fc.Arbitrary<Plan> =>
  planArbitrary({
    commands: system.handlers.map((handler) => ({
      handler: handler.name,
      command: handler.commands,
    })),
    projections: (system.projections ?? []).map((p) => p.name),
    sagas: (system.sagas ?? []).map((s) => s.name),
    processes: options.processes ?? 2,
    maxSteps: options.maxSteps ?? 8,
    rates: options.rates ?? defaultFaultRates,
  })

// -------------------------------------------------------------------------------------
// running
// -------------------------------------------------------------------------------------

/**
 * The test that replays a failing plan.
 *
 * @category running
 * @since 0.1.0
 */
export const failureSource = (seed: number, violation: Violation, plan: Plan): string =>
  [
    `test('${violation.invariant} holds (simulation seed ${seed}, shrunk)', async () => {`,
    `  const run = await runPlan(system, ${toSource(plan, '  ')})`,
    `  expect(run.violation).toBeUndefined()`,
    `})`,
  ].join('\n')

/**
 * Formats a failure for a test report: seed, invariant, the shrunk trace and the replay test.
 *
 * @category running
 * @since 0.1.0
 */
export const formatFailure = (failure: SimulationFailure): string =>
  [
    `Simulation seed ${failure.seed} broke ${failure.violation.invariant}: ${failure.violation.message}`,
    '',
    'Shrunk trace (simulated ms, component, what happened):',
    ...failure.trace.map((line) => `  ${line}`),
    '',
    'Replay it with:',
    failure.source,
  ].join('\n')

/** Drops the steps after the broken one and the faults never handed out, if it still fails. */
const trimmed = async (
  system: SimulatedSystem,
  shrunk: Plan,
): Promise<{
  readonly plan: Plan
  readonly run: SimulationRun & { readonly violation: Violation & { readonly step: number } }
}> => {
  const run = await runPlan(system, shrunk)
  if (run.violation === undefined) throw new Error('a shrunk simulation plan did not replay')
  const plan: Plan = {
    seed: shrunk.seed,
    processes: shrunk.processes,
    steps: run.violation.step < 0 ? shrunk.steps : shrunk.steps.slice(0, run.violation.step + 1),
    faults: shrunk.faults.slice(0, run.faultsUsed),
  }
  const again = await runPlan(system, plan)
  return again.violation === undefined
    ? { plan: shrunk, run: { ...run, violation: run.violation } }
    : { plan, run: { ...again, violation: again.violation } }
}

/**
 * Runs the system over the seeds; stops at the first broken invariant, shrinks that seed's
 * plan and reports it.
 *
 * @category running
 * @since 0.1.0
 */
export const simulate = async (
  system: SimulatedSystem,
  options: SimulationOptions = {},
): Promise<SimulationReport> => {
  const plans = simulationPlans(system, options)
  // A seed's plan runs once; the memo (new for each seed) answers for the shrink candidates
  // that differ from a plan already run only where it cannot matter.
  let memo = new RunMemo()
  const property = fc.asyncProperty(plans, async (plan) => {
    const known = memo.passes(plan)
    if (known !== undefined) return known
    const run = await runPlan(system, plan)
    memo.add(plan, run)
    return run.violation === undefined
  })
  const from = options.from ?? 1
  const count = options.count ?? 100
  for (let seed = from; seed < from + count; seed++) {
    memo = new RunMemo()
    const details = await fc.check(property, { seed, numRuns: 1, unbiased: true })
    if (!details.failed) continue
    if (details.counterexample === null) {
      throw details.errorInstance ?? new Error(`simulation seed ${seed} failed`)
    }
    const { plan, run } = await trimmed(system, details.counterexample[0])
    return {
      seeds: seed - from + 1,
      failure: {
        seed,
        plan,
        violation: run.violation,
        trace: run.trace,
        source: failureSource(seed, run.violation, plan),
      },
    }
  }
  return { seeds: count, failure: undefined }
}

/**
 * `simulate`, throwing a `SimulationError` (seed, shrunk trace, replay test) on a failure: for
 * a test body.
 *
 * @category running
 * @since 0.1.0
 */
export const assertSimulation = async (
  system: SimulatedSystem,
  options: SimulationOptions = {},
): Promise<SimulationReport> => {
  const report = await simulate(system, options)
  if (report.failure !== undefined) throw new SimulationError(report.failure)
  return report
}
