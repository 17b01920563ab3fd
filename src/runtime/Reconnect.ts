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
import { backoffCeiling, jitteredDelay } from '../store/Backoff.js'

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
        Effect.map((draw) => jitteredDelay(ceiling, draw)),
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
