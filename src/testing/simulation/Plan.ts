/**
 * A simulation plan: everything one simulated run does, as plain data. The steps (clients
 * sending commands, crashes, projections and sagas catching up, clock jumps and skews) and the
 * faults (consumed one per store call, in order) are generated from a seed by fast-check, so a
 * failing plan shrinks like any other counterexample and prints as a literal.
 *
 * @since 0.1.0
 */
import fc from 'fast-check'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One injected fault, decided for one store call. A fault that does not apply to the call it
 * falls on (an ambiguous failure on a read) is passed over.
 *
 * - `Conflict`: a phantom writer got there first; the append fails with `WrongExpectedVersion`.
 * - `Unavailable`: `StoreUnavailable` before the call does anything.
 * - `Ambiguous`: the append is stored, the caller gets `StoreUnavailable`.
 * - `Slow`: the call waits `millis` of simulated time first.
 * - `Crash` / `CrashAfter`: the calling component dies before the call, or right after it
 *   completed (a stored append, a saved checkpoint).
 * - `DuplicateNotification` / `DelayedNotification`: a reader is told of an append twice, or
 *   late: with the next append's notification, or a simulated second later if none comes.
 *
 * @category model
 * @since 0.1.0
 */
export type Fault =
  | { readonly _tag: 'None' }
  | { readonly _tag: 'Conflict' }
  | { readonly _tag: 'Unavailable' }
  | { readonly _tag: 'Ambiguous' }
  | { readonly _tag: 'Slow'; readonly millis: number }
  | { readonly _tag: 'Crash' }
  | { readonly _tag: 'CrashAfter' }
  | { readonly _tag: 'DuplicateNotification' }
  | { readonly _tag: 'DelayedNotification' }

/**
 * The probability of each fault on any one store call (0 when absent). They add up to at most 1.
 *
 * @category model
 * @since 0.1.0
 */
export interface FaultRates {
  readonly conflict?: number
  readonly unavailable?: number
  readonly ambiguous?: number
  readonly slow?: number
  readonly crash?: number
  readonly crashAfter?: number
  readonly duplicateNotification?: number
  readonly delayedNotification?: number
}

/**
 * A client sends one command to a handler running in process `process`, with its command id.
 *
 * @category model
 * @since 0.1.0
 */
export interface Send {
  readonly process: number
  readonly handler: string
  readonly streamId: string
  readonly command: unknown
  readonly commandId: string
}

/**
 * One step of a plan.
 *
 * - `Sends`: clients send these commands at once (concurrently).
 * - `Resend`: a client delivers an earlier command again, with its command id (the `pick`-th
 *   earlier send, modulo their number).
 * - `Crash`: a handler process dies and restarts: it loses its cache.
 * - `Project` / `React`: a projection or saga catches up, `pageSize` events per page (a crash
 *   fault stops it between two steps; the next run restarts it from its checkpoint).
 * - `Follow`: a projection is started as a long-running follower (unless one runs already),
 *   woken by the store's notifications (which may be duplicated or delayed) while the next
 *   steps run; a crash fault stops it until the next `Follow`.
 * - `Clock`: simulated time jumps forward; `Skew`: one process's clock is set `millis` off.
 *
 * @category model
 * @since 0.1.0
 */
export type Step =
  | { readonly _tag: 'Sends'; readonly sends: ReadonlyArray<Send> }
  | { readonly _tag: 'Resend'; readonly process: number; readonly pick: number }
  | { readonly _tag: 'Crash'; readonly process: number }
  | { readonly _tag: 'Project'; readonly projection: string; readonly pageSize: number }
  | { readonly _tag: 'Follow'; readonly projection: string }
  | { readonly _tag: 'React'; readonly saga: string; readonly pageSize: number }
  | { readonly _tag: 'Clock'; readonly millis: number }
  | { readonly _tag: 'Skew'; readonly process: number; readonly millis: number }

/**
 * A whole run: the seed of the runtime's own randomness (event ids, retry jitter), the steps,
 * and the faults handed out one per store call (none once they run out).
 *
 * @category model
 * @since 0.1.0
 */
export interface Plan {
  readonly seed: number
  readonly processes: number
  readonly steps: ReadonlyArray<Step>
  readonly faults: ReadonlyArray<Fault>
}

/**
 * What a plan is generated from: the client commands of each handler, the projection and
 * saga names, how many processes run handlers, how many steps at most, and the fault rates.
 *
 * @category model
 * @since 0.1.0
 */
export interface PlanShape {
  readonly commands: ReadonlyArray<{
    readonly handler: string
    readonly command: fc.Arbitrary<{ readonly streamId: string; readonly command: unknown }>
  }>
  readonly projections: ReadonlyArray<string>
  readonly sagas: ReadonlyArray<string>
  readonly processes: number
  readonly maxSteps: number
  readonly rates: FaultRates
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const none: Fault = { _tag: 'None' }

/** A weighted fault; weights are per ten thousand calls. */
const weighted = (
  rate: number | undefined,
  arbitrary: fc.Arbitrary<Fault>,
): ReadonlyArray<fc.WeightedArbitrary<Fault>> =>
  rate === undefined || rate <= 0 ? [] : [{ weight: Math.round(rate * 10_000), arbitrary }]

/**
 * The faults of one store call, drawn with the given rates.
 *
 * @category constructors
 * @since 0.1.0
 */
export const faultArbitrary = (rates: FaultRates): fc.Arbitrary<Fault> => {
  const faults: ReadonlyArray<fc.WeightedArbitrary<Fault>> = [
    ...weighted(rates.conflict, fc.constant({ _tag: 'Conflict' })),
    ...weighted(rates.unavailable, fc.constant({ _tag: 'Unavailable' })),
    ...weighted(rates.ambiguous, fc.constant({ _tag: 'Ambiguous' })),
    ...weighted(
      rates.slow,
      fc.integer({ min: 1, max: 400 }).map((millis): Fault => ({ _tag: 'Slow', millis })),
    ),
    ...weighted(rates.crash, fc.constant({ _tag: 'Crash' })),
    ...weighted(rates.crashAfter, fc.constant({ _tag: 'CrashAfter' })),
    ...weighted(rates.duplicateNotification, fc.constant({ _tag: 'DuplicateNotification' })),
    ...weighted(rates.delayedNotification, fc.constant({ _tag: 'DelayedNotification' })),
  ]
  const total = faults.reduce((sum, fault) => sum + fault.weight, 0)
  // `None` comes first so that fast-check shrinks every fault towards no fault.
  return fc.oneof({ weight: Math.max(1, 10_000 - total), arbitrary: fc.constant(none) }, ...faults)
}

/** Command ids are given by position, so shrinking a plan keeps every remaining id. */
const withCommandIds = (steps: ReadonlyArray<Step>): ReadonlyArray<Step> =>
  steps.map((step, index): Step => {
    if (step._tag !== 'Sends') return step
    return {
      _tag: 'Sends',
      sends: step.sends.map((send, k): Send => ({
        process: send.process,
        handler: send.handler,
        streamId: send.streamId,
        command: send.command,
        commandId: `c${index}.${k}`,
      })),
    }
  })

/**
 * Plans of the given shape: sends are the most frequent step; faults number about three per
 * step.
 *
 * @category constructors
 * @since 0.1.0
 */
export const planArbitrary = (shape: PlanShape): fc.Arbitrary<Plan> => {
  const process = fc.integer({ min: 0, max: Math.max(0, shape.processes - 1) })
  const send = fc.oneof(
    ...shape.commands.map(({ handler, command }) =>
      fc.record({ process, target: command }).map(({ process, target }): Send => ({
        process,
        handler,
        streamId: target.streamId,
        command: target.command,
        commandId: '',
      })),
    ),
  )
  const pageSize = fc.integer({ min: 1, max: 3 })
  const steps: Array<fc.WeightedArbitrary<Step>> = [
    {
      weight: 12,
      arbitrary: fc
        .array(send, { minLength: 1, maxLength: 3 })
        .map((sends): Step => ({ _tag: 'Sends', sends })),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({ process, pick: fc.nat(20) })
        .map(({ process, pick }): Step => ({ _tag: 'Resend', process, pick })),
    },
    { weight: 1, arbitrary: process.map((process): Step => ({ _tag: 'Crash', process })) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 1, max: 86_400_000 })
        .map((millis): Step => ({ _tag: 'Clock', millis })),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({ process, millis: fc.integer({ min: -60_000, max: 60_000 }) })
        .map(({ process, millis }): Step => ({ _tag: 'Skew', process, millis })),
    },
  ]
  if (shape.projections.length > 0)
    steps.push({
      weight: 3,
      arbitrary: fc
        .record({ projection: fc.constantFrom(...shape.projections), pageSize })
        .map(({ projection, pageSize }): Step => ({ _tag: 'Project', projection, pageSize })),
    })
  if (shape.projections.length > 0)
    steps.push({
      weight: 1,
      arbitrary: fc
        .constantFrom(...shape.projections)
        .map((projection): Step => ({ _tag: 'Follow', projection })),
    })
  if (shape.sagas.length > 0)
    steps.push({
      weight: 3,
      arbitrary: fc
        .record({ saga: fc.constantFrom(...shape.sagas), pageSize })
        .map(({ saga, pageSize }): Step => ({ _tag: 'React', saga, pageSize })),
    })
  return fc
    .record({
      seed: fc.nat(),
      steps: fc.array(fc.oneof(...steps), {
        minLength: 1,
        maxLength: shape.maxSteps,
        size: 'max',
      }),
      faults: fc.array(faultArbitrary(shape.rates), {
        maxLength: shape.maxSteps * 4,
        size: 'max',
      }),
    })
    .map(({ seed, steps, faults }): Plan => ({
      seed,
      processes: shape.processes,
      steps: withCommandIds(steps),
      faults,
    }))
}
