/**
 * The one Effect-to-Promise deriver. `toPromiseFace` turns any object of Effect-returning
 * methods into the same object of Promise-returning ones, run in a given context: every call
 * resolves to an fp-ts `Either` (a typed failure is `Left`, never thrown) and rejects only on
 * a defect or an interruption, as `Effect.runPromise` would. A method may carry a step face
 * (`withStepFace`): the same work as a Step (Step.ts), so a call that finishes without waiting
 * is answered without a fiber. The command handler, the followers and any user API go through
 * it; nothing is written twice.
 *
 * @since 0.1.0
 */
import type { Exit } from 'effect'
import { Cause, Effect } from 'effect'
import type { Context } from 'effect'
import type { Either } from 'fp-ts/lib/Either.js'
import { left, right } from 'fp-ts/lib/Either.js'
import type { Step } from './Step.js'
import { Failed } from './Step.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The Promise face of an object of Effect-returning methods.
 *
 * @category model
 * @since 0.1.0
 */
export type PromiseFace<Api> = {
  readonly [K in keyof Api]: Api[K] extends (
    ...args: infer Args
  ) => Effect.Effect<infer A, infer E, infer _R>
    ? (...args: Args) => Promise<Either<E, A>>
    : never
}

/**
 * A method's work as a Step, given the context it runs in.
 *
 * @category model
 * @since 0.1.0
 */
export type StepFace<R, Args extends ReadonlyArray<unknown>, A, E> = (
  context: Context.Context<R>,
) => (...args: Args) => Step<A, E>

/** A registry key, so two copies of this module (two bundles) still agree. */
const stepFaceKey: unique symbol = Symbol.for('foldwise/runtime/StepFace')

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * `method` carrying its step face.
 *
 * @category constructors
 * @since 0.1.0
 */
export const withStepFace = <R, Args extends ReadonlyArray<unknown>, A, E>(
  method: (...args: Args) => Effect.Effect<A, E, R>,
  face: StepFace<R, Args, A, E>,
): ((...args: Args) => Effect.Effect<A, E, R>) => {
  Object.defineProperty(method, stepFaceKey, { value: face })
  return method
}

const stepFaceOf = (
  method: object,
): StepFace<unknown, ReadonlyArray<unknown>, unknown, unknown> | undefined =>
  (
    method as {
      readonly [stepFaceKey]?: StepFace<unknown, ReadonlyArray<unknown>, unknown, unknown>
    }
  )[stepFaceKey]

/** A typed failure as `Left`; a defect or an interruption rejects, as `Effect.runPromise` does. */
const settle = <A, E>(exit: Exit.Exit<A, E>): Promise<Either<E, A>> => {
  if (exit._tag === 'Success') return Promise.resolve(right(exit.value))
  const cause = exit.cause
  if (!Cause.hasDies(cause)) {
    const error = Cause.findError(cause)
    if (error._tag === 'Success') return Promise.resolve(left(error.success))
  }
  return Promise.reject(Cause.squash(cause))
}

/**
 * Runs Effects in `context` as Promises of `Either`. An Effect that finishes without
 * suspending is answered at once; only a suspended fiber is awaited.
 *
 * @example
 * import { Context, Effect } from 'effect'
 * import { promiseRunner } from './src/runtime/PromiseRunner.js'
 * const run = promiseRunner(Context.empty())
 * const result = await run(Effect.fail('no'))
 * assert.deepStrictEqual(result, { _tag: 'Left', left: 'no' })
 *
 * @category constructors
 * @since 0.1.0
 */
export const promiseRunner = <R>(
  context: Context.Context<R>,
): (<A, E>(effect: Effect.Effect<A, E, R>) => Promise<Either<E, A>>) => {
  const fork = Effect.runForkWith(context)
  return <A, E>(effect: Effect.Effect<A, E, R>): Promise<Either<E, A>> => {
    const fiber = fork(effect)
    const exit = fiber.pollUnsafe()
    if (exit !== undefined) return settle(exit)
    return new Promise<Exit.Exit<A, E>>((resolve) => fiber.addObserver(resolve)).then(settle)
  }
}

/**
 * The Promise face of `api`, every method run in `context` (see the module's documentation).
 *
 * @example
 * import { Context, Effect } from 'effect'
 * import { toPromiseFace } from './src/runtime/PromiseRunner.js'
 * const api = { half: (n: number) => (n % 2 === 0 ? Effect.succeed(n / 2) : Effect.fail('odd' as const)) }
 * const face = toPromiseFace(api, Context.empty())
 * assert.deepStrictEqual(await face.half(4), { _tag: 'Right', right: 2 })
 * assert.deepStrictEqual(await face.half(3), { _tag: 'Left', left: 'odd' })
 *
 * @category constructors
 * @since 0.1.0
 */
export const toPromiseFace = <
  R,
  Api extends { readonly [K in keyof Api]: (...args: never) => Effect.Effect<unknown, unknown, R> },
>(
  api: Api,
  context: Context.Context<R>,
): PromiseFace<Api> => {
  const run = promiseRunner(context)
  const face: Record<string, unknown> = {}
  for (const key of Object.keys(api)) {
    const method = (
      api as unknown as Record<
        string,
        (...args: ReadonlyArray<unknown>) => Effect.Effect<unknown, unknown, R>
      >
    )[key]
    if (typeof method !== 'function') continue
    const stepFace = stepFaceOf(method)
    if (stepFace === undefined) {
      face[key] = (...args: ReadonlyArray<unknown>) => run(method(...args))
      continue
    }
    const step = stepFace(context as Context.Context<unknown>)
    face[key] = (...args: ReadonlyArray<unknown>): Promise<Either<unknown, unknown>> => {
      let result: Step<unknown, unknown>
      try {
        result = step(...args)
      } catch (defect) {
        // A defect (a throwing decider or codec) rejects, as it would from a fiber.
        return Promise.reject(defect)
      }
      if (Effect.isEffect(result)) return run(result as Effect.Effect<unknown, unknown, R>)
      if (result instanceof Failed) return Promise.resolve(left(result.error))
      return Promise.resolve(right(result))
    }
  }
  return face as PromiseFace<Api>
}
