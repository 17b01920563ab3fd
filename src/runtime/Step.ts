/**
 * A step of the command pipeline: a value when its inputs were ready, a failure, or the Effect
 * that finishes it when it must wait. So the warm path (a cached stream, an in-memory store) is
 * the pipeline run to its end without suspending, and the same code suspends where it must,
 * as zod's `run` returns a value or a Promise.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'

/**
 * A failure reached without waiting.
 *
 * @category model
 * @since 0.1.0
 */
export class Failed<E> {
  constructor(readonly error: E) {}
}

/**
 * A value, a failure, or the Effect that gives one of them. Values are never Effects or
 * `Failed` themselves.
 *
 * @category model
 * @since 0.1.0
 */
export type Step<A, E> = A | Failed<E> | Effect.Effect<A, E>

/**
 * Whether a step failed without waiting.
 *
 * @category guards
 * @since 0.1.0
 */
export const isFailed = <A, E>(step: Step<A, E>): step is Failed<E> => step instanceof Failed

/**
 * The step as an Effect.
 *
 * @category combinators
 * @since 0.1.0
 */
export const toEffect = <A, E>(step: Step<A, E>): Effect.Effect<A, E> =>
  Effect.isEffect(step)
    ? (step as Effect.Effect<A, E>)
    : step instanceof Failed
      ? Effect.fail(step.error as E)
      : Effect.succeed(step as A)

/**
 * The next step after `step`: run now when `step` is a value, after it when it is an Effect.
 *
 * @category combinators
 * @since 0.1.0
 */
export const andThen = <A, E, B, E2>(
  step: Step<A, E>,
  next: (value: A) => Step<B, E2>,
): Step<B, E | E2> => {
  if (Effect.isEffect(step))
    return Effect.flatMap(step as Effect.Effect<A, E>, (value) => toEffect(next(value)))
  if (step instanceof Failed) return step as Failed<E>
  return next(step as A)
}
