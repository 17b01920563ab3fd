/**
 * Capped exponential backoff with jitter, written once for everything that waits out a store
 * that is briefly unavailable: the runtime's followers (runtime/Reconnect.ts) and the PostgreSQL
 * notifier's listening connection (adapters/postgres/notifier.ts). Here, in the port's folder,
 * because both may import it and neither may import the other.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The two numbers of a backoff: the first ceiling (default 100 ms) and the cap (default
 * 5,000 ms).
 *
 * @category model
 * @since 0.1.0
 */
export interface BackoffBounds {
  readonly initialDelayMs?: number | undefined
  readonly maxDelayMs?: number | undefined
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * The backoff ceiling before the retry numbered `retry` (0 for the first): doubled each time,
 * capped. The delay slept is drawn between half of it and all of it (`jitteredDelay`).
 *
 * @example
 * import { backoffCeiling } from './src/store/Backoff.js'
 * assert.deepStrictEqual(
 *   [0, 1, 2, 3, 10, 60].map((retry) => backoffCeiling({ initialDelayMs: 100, maxDelayMs: 1000 }, retry)),
 *   [100, 200, 400, 800, 1000, 1000],
 * )
 *
 * @category combinators
 * @since 0.1.0
 */
export const backoffCeiling = (bounds: BackoffBounds, retry: number): number =>
  Math.min(bounds.maxDelayMs ?? 5_000, (bounds.initialDelayMs ?? 100) * 2 ** Math.min(retry, 52))

/**
 * The delay to sleep under `ceiling` for a random `draw` in [0, 1): between half the ceiling
 * and all of it, in whole milliseconds, so many waiters do not retry in step.
 *
 * @example
 * import { jitteredDelay } from './src/store/Backoff.js'
 * assert.deepStrictEqual([0, 0.5, 1].map((draw) => jitteredDelay(800, draw)), [400, 600, 800])
 *
 * @category combinators
 * @since 0.1.0
 */
export const jitteredDelay = (ceiling: number, draw: number): number =>
  Math.round(ceiling / 2 + (draw * ceiling) / 2)
