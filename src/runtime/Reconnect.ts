/**
 * How a follower (a subscription, projection or saga meant to run for ever) rides out a store
 * that is briefly unavailable (a terminated backend, a database restart, a full disk being
 * cleared): it retries the failed step with capped exponential backoff and jitter, and carries
 * on from where it was, so nothing is skipped or applied twice. Only `StoreUnavailable` is
 * retried; every other error ends the follower with that error.
 *
 * @since 0.1.0
 */
import { Effect, Random } from 'effect'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How a follower retries a store that is unavailable. Delays double from `initialDelayMs` up
 * to `maxDelayMs`; each is drawn at random between half and all of that (jitter, so many
 * followers do not reconnect in step). `maxRetries` bounds the retries of one step (default:
 * no bound, a follower waits out any outage); once spent, the follower fails with the
 * `StoreUnavailable` it last got.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface ReconnectPolicy {
  /** Default 100 ms. */
  readonly initialDelayMs?: number
  /** Default 5,000 ms. */
  readonly maxDelayMs?: number
  /** Default `Infinity`. */
  readonly maxRetries?: number
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * The backoff ceiling before the retry numbered `retry` (0 for the first): doubled each time,
 * capped. The delay slept is drawn between half of it and all of it.
 *
 * @example
 * import { backoffCeiling } from './src/runtime/Reconnect.js'
 * assert.deepStrictEqual(
 *   [0, 1, 2, 3, 10, 60].map((retry) => backoffCeiling({ initialDelayMs: 100, maxDelayMs: 1000 }, retry)),
 *   [100, 200, 400, 800, 1000, 1000],
 * )
 *
 * @category combinators
 * @since 0.1.0
 */
export const backoffCeiling = (policy: ReconnectPolicy, retry: number): number =>
  Math.min(policy.maxDelayMs ?? 5_000, (policy.initialDelayMs ?? 100) * 2 ** Math.min(retry, 52))

/**
 * Runs `step`, retrying it after a `StoreUnavailable` as the policy says (logging a warning
 * naming `what` before each retry); any other failure is returned at once.
 *
 * @category combinators
 * @since 0.1.0
 */
export const retryWhileUnavailable = <A, E extends { readonly _tag: string }, R>(
  step: Effect.Effect<A, E, R>,
  policy: ReconnectPolicy,
  what: string,
): Effect.Effect<A, E, R> =>
  Effect.suspend(() => {
    const maxRetries = policy.maxRetries ?? Infinity
    let retry = 0
    const attempt: Effect.Effect<A, E, R> = Effect.catch(step, (error: E) => {
      if (error._tag !== 'StoreUnavailable' || retry >= maxRetries) return Effect.fail(error)
      const ceiling = backoffCeiling(policy, retry++)
      return Random.next.pipe(
        Effect.map((draw) => Math.round(ceiling / 2 + (draw * ceiling) / 2)),
        Effect.tap((delay) =>
          Effect.logWarning(
            `foldwise: ${what}: store unavailable (${(error as { readonly reason?: unknown }).reason}); retry ${retry} in ${delay} ms`,
          ),
        ),
        Effect.flatMap((delay) => Effect.sleep(delay)),
        Effect.andThen(attempt),
      )
    })
    return attempt
  })
