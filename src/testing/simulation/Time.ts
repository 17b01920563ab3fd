/**
 * Simulated time for a run: a fixed start, clocks skewed per process, and the driver that runs
 * an effect to its end by advancing effect's `TestClock` whenever everything runnable waits.
 * Internal to the simulation.
 *
 * @since 0.1.0
 */
import type { Clock, Exit } from 'effect'
import { Cause, Effect, Fiber } from 'effect'
import { TestClock } from 'effect/testing'
import { isSimulatedCrash } from './FaultyStore.js'

/**
 * Simulated time starts at a fixed, realistic instant (2026-01-01T00:00:00Z).
 *
 * @category internals
 * @since 0.1.0
 */
export const epoch = 1_767_225_600_000
const tick = 25
/** A step still running after this much simulated time is a hang. */
const maxTicks = 40_000

/**
 * The simulated time a step may take.
 *
 * @category internals
 * @since 0.1.0
 */
export const maxSimulatedMillis = maxTicks * tick

/**
 * A process's clock: `base` moved by `offset` milliseconds (sleeps are `base`'s).
 *
 * @category internals
 * @since 0.1.0
 */
export const skewed = (base: Clock.Clock, offset: number): Clock.Clock => ({
  currentTimeMillisUnsafe: () => base.currentTimeMillisUnsafe() + offset,
  currentTimeMillis: Effect.sync(() => base.currentTimeMillisUnsafe() + offset),
  currentTimeNanosUnsafe: () => base.currentTimeNanosUnsafe() + BigInt(offset) * 1_000_000n,
  currentTimeNanos: Effect.sync(() => base.currentTimeNanosUnsafe() + BigInt(offset) * 1_000_000n),
  monotonicTimeNanosUnsafe: () => base.monotonicTimeNanosUnsafe(),
  monotonicTimeNanos: base.monotonicTimeNanos,
  sleep: (duration) => base.sleep(duration),
})

/**
 * Runs `effect` to its end, advancing simulated time while it waits; undefined on a hang.
 *
 * @category internals
 * @since 0.1.0
 */
export const drive = <A, E>(
  effect: Effect.Effect<A, E>,
): Effect.Effect<Exit.Exit<A, E> | undefined> =>
  Effect.gen(function* () {
    const fiber = yield* Effect.forkChild(effect)
    for (let i = 0; i < maxTicks; i++) {
      const exit = fiber.pollUnsafe()
      if (exit !== undefined) return exit
      yield* Effect.yieldNow
      const after = fiber.pollUnsafe()
      if (after !== undefined) return after
      yield* TestClock.adjust(tick)
    }
    yield* Fiber.interrupt(fiber)
    return undefined
  })

/**
 * A cause as data for the trace: the typed error, else the defect's text.
 *
 * @category internals
 * @since 0.1.0
 */
export const causeOf = (cause: Cause.Cause<unknown>): unknown => {
  const error = Cause.findError(cause)
  if (error._tag === 'Success') return error.success
  const defect = Cause.findDefect(cause)
  return defect._tag === 'Success' ? String(defect.success) : 'interrupted'
}

/**
 * Whether a cause is a simulated crash.
 *
 * @category internals
 * @since 0.1.0
 */
export const crashOf = (cause: Cause.Cause<unknown>): boolean => {
  const defect = Cause.findDefect(cause)
  return defect._tag === 'Success' && isSimulatedCrash(defect.success)
}
