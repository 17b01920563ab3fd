/**
 * Simulated time for a run: a fixed start, clocks skewed per process, and the driver that runs
 * an effect to its end by advancing effect's `TestClock` whenever everything runnable waits.
 * Internal to the simulation.
 *
 * @since 0.1.0
 */
import type { Clock, Exit } from 'effect'
import { Cause, Effect, Fiber } from 'effect'
import * as TestClock from 'effect/testing/TestClock'
import { isSimulatedCrash } from './FaultyStore.js'

/**
 * Simulated time starts at a fixed, realistic instant (2026-01-01T00:00:00Z).
 *
 * @category internals
 * @since 0.1.0
 */
export const epoch = 1_767_225_600_000
/**
 * How far the clock moves while an effect waits: the first moves are short, so a step that
 * waits for one retry ends a few ms after it; each further move doubles, up to a second, so a
 * step waiting seconds (a follower given time to catch up) takes a few dozen moves, not
 * hundreds. Each move of the `TestClock` wakes every sleep due by then in order, and waits for
 * what it woke to suspend again, so the size of a move changes only how far the clock runs past
 * the moment the effect ends. (Fixed 25 ms moves took a fifth of a run's CPU time.)
 */
const firstMove = 25
const longestMove = 1_000

/**
 * The simulated time a step may take.
 *
 * @category internals
 * @since 0.1.0
 */
export const maxSimulatedMillis = 1_000_000

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
    let waited = 0
    let move = firstMove
    while (waited < maxSimulatedMillis) {
      const exit = fiber.pollUnsafe()
      if (exit !== undefined) return exit
      yield* Effect.yieldNow
      const after = fiber.pollUnsafe()
      if (after !== undefined) return after
      yield* TestClock.adjust(move)
      waited += move
      move = Math.min(longestMove, move * 2)
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
