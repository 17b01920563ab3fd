/**
 * Runs one plan: the handler processes, projections and sagas of a system over one store
 * wrapped in fault injection, steps taken in order on effect's `TestClock` (simulated time
 * only advances when everything runnable is waiting), invariants checked after each step and
 * once more at quiescence (faults off, everything settled: Quiescence.ts). Nothing reads the
 * wall clock or draws real randomness: event ids and retry jitter come from the plan's seed.
 * The steps are Steps.ts, the clients Clients.ts, projections and sagas Followers.ts.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Logger, Random, References } from 'effect'
import * as TestClock from 'effect/testing/TestClock'
import { IdGenerator, seededIdGenerator } from '../../runtime/services.js'
import type { ProjectionCheckpoint } from '../../store/EventStore.js'
import type { Violation } from './Invariants.js'
import { InvariantChecker } from './Invariants.js'
import type { Plan, Step } from './Plan.js'
import { settle } from './Quiescence.js'
import type { RunState } from './RunState.js'
import { makeRunState } from './RunState.js'
import { runStep } from './Steps.js'
import type { SimulatedSystem } from './System.js'
import { Trace } from './Trace.js'
import { epoch, maxSimulatedMillis } from './Time.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The result of one run: its trace and the first invariant it broke, with the step it broke at
 * (`-1` at quiescence).
 *
 * @category model
 * @since 0.1.0
 */
export interface SimulationRun {
  readonly trace: ReadonlyArray<string>
  /** How many of the plan's faults were handed out before the run ended or broke. */
  readonly faultsUsed: number
  /** Whether the run asked for more faults than the plan has (more would have changed it). */
  readonly faultsRanOut: boolean
  readonly violation: (Violation & { readonly step: number }) | undefined
}

// -------------------------------------------------------------------------------------
// running
// -------------------------------------------------------------------------------------

/**
 * Runs one plan against a system and returns its trace and the first broken invariant.
 *
 * @category running
 * @since 0.1.0
 */
export const runPlan = (system: SimulatedSystem, plan: Plan): Promise<SimulationRun> =>
  Effect.runPromise(
    runPlanEffect(system, plan).pipe(
      Effect.provide(TestClock.layer()),
      Random.withSeed(plan.seed),
      Effect.provideService(IdGenerator, seededIdGenerator(plan.seed)),
    ),
  )

/** Reads what the store holds now (the records appended since the last check) and checks it. */
const checkNow = (
  state: RunState,
  checker: InvariantChecker,
  quiescent: boolean,
): Effect.Effect<Violation | undefined> =>
  Effect.gen(function* () {
    const { inner, system } = state
    const appended = yield* Effect.orDie(inner.readAll({ fromPosition: checker.log.length + 1 }))
    const checkpoints = new Map<string, ProjectionCheckpoint | undefined>()
    if (inner.loadCheckpoint !== undefined)
      for (const projection of system.projections ?? [])
        checkpoints.set(projection.name, yield* Effect.orDie(inner.loadCheckpoint(projection.name)))
    return checker.check(
      {
        issued: state.issued,
        acknowledged: state.acknowledged,
        reactions: state.reactions,
        batches: state.trace.batches,
      },
      appended,
      checkpoints,
      quiescent,
    )
  })

const runPlanEffect = (system: SimulatedSystem, plan: Plan): Effect.Effect<SimulationRun> =>
  Effect.gen(function* () {
    yield* TestClock.setTime(epoch)
    const clock = yield* Clock.clockWith(Effect.succeed)
    const trace = new Trace(() => clock.currentTimeMillisUnsafe() - epoch)
    const state = makeRunState(system, plan, trace, clock)
    const checker = new InvariantChecker(system)
    const end = (violation: (Violation & { readonly step: number }) | undefined): SimulationRun => {
      if (violation !== undefined)
        trace.record('check', 'violated', {
          invariant: violation.invariant,
          message: violation.message,
        })
      return {
        get trace() {
          return trace.lines
        },
        faultsUsed: state.faults.used,
        faultsRanOut: state.faults.ranOut,
        violation,
      }
    }
    // The runtime's own log lines (retries, reconnects) go into the trace, not the console.
    const toTrace = Logger.make(({ logLevel, message }) => {
      trace.record('log', logLevel, { message })
    })
    return yield* Effect.provideService(
      Effect.gen(function* () {
        for (let index = 0; index < plan.steps.length; index++) {
          const finished = yield* runStep(state, plan.steps[index] as Step)
          if (!finished)
            return end({
              invariant: 'progress',
              message: `step ${index} did not finish within ${maxSimulatedMillis / 1000} s of simulated time`,
              step: index,
            })
          const violation = yield* checkNow(state, checker, false)
          if (violation !== undefined) return end({ ...violation, step: index })
        }
        const unsettled = yield* settle(state)
        if (unsettled !== undefined) return end({ ...unsettled, step: -1 })
        const violation = yield* checkNow(state, checker, true)
        return end(violation === undefined ? undefined : { ...violation, step: -1 })
      }),
      References.CurrentLoggers,
      new Set([toTrace]),
    )
  }).pipe(Effect.orDie)
