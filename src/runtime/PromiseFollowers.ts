/**
 * The Promise face of the followers: projections, sagas and subscriptions, run on a store
 * without effect in user code. Each method is its Effect counterpart run by `promiseRunner`
 * (PromiseRunner.ts), the one deriver; only a saga's dispatch and a subscriber's callback,
 * which the user writes with Promises, are lifted into Effects here. A follower meant to run
 * forever is stopped with an `AbortSignal`; it then resolves to `Left(FollowerStopped)`.
 *
 * @since 0.1.0
 */
import { Effect, Stream } from 'effect'
import type { Either } from 'fp-ts/lib/Either.js'
import type { RecordedEvent } from '../codec/RecordedEvent.js'
import type { EventStore } from '../store/EventStore.js'
import type { InvalidArgument, StoreError } from '../store/StoreError.js'
import { invalidArgument } from '../store/StoreError.js'
import type { PromiseFaceOptions } from './PromiseFace.js'
import { promiseContext } from './PromiseFace.js'
import { promiseRunner } from './PromiseRunner.js'
import type { Projection, ProjectionError, ProjectionState } from './Projections.js'
import { loadProjection, rebuildProjection, runProjection } from './Projections.js'
import type { SagaContext, SagaProcess } from './Sagas.js'
import { runSaga } from './Sagas.js'
import type { SubscribeOptions } from './Subscription.js'
import { subscribeAll } from './Subscription.js'
import { describeValue } from '../store/DescribeValue.js'
import { threwOn } from './DomainDefects.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A follower stopped by its caller's `AbortSignal`.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface FollowerStopped {
  readonly _tag: 'FollowerStopped'
}

/**
 * How a Promise-face follower runs: its Effect options, and a signal that stops it.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export type FollowOptions<Options> = Options & { readonly signal?: AbortSignal }

/**
 * A saga whose dispatch returns a Promise of `Either` (a Promise-face handler's `handle` fits).
 *
 * @category model
 * @since 0.1.0
 */
export interface PromiseSagaProcess<Event, Action, DispatchError> extends Omit<
  SagaProcess<Event, Action, DispatchError, never>,
  'dispatch'
> {
  readonly dispatch: (
    action: Action,
    context: SagaContext,
  ) => Promise<Either<DispatchError, unknown>>
}

type ProjectionOptions = NonNullable<Parameters<typeof runProjection>[1]>
type SagaOptions = NonNullable<Parameters<typeof runSaga>[1]>

/**
 * Projections, sagas and subscriptions on one store, with Promise-returning methods.
 *
 * @category model
 * @since 0.1.0
 */
export interface PromiseFollowers {
  readonly loadProjection: <ReadModel, Event>(
    projection: Projection<ReadModel, Event>,
  ) => Promise<Either<ProjectionError, ProjectionState<ReadModel>>>
  readonly rebuildProjection: <ReadModel, Event>(
    projection: Projection<ReadModel, Event>,
  ) => Promise<Either<ProjectionError, ProjectionState<ReadModel>>>
  readonly runProjection: <ReadModel, Event>(
    projection: Projection<ReadModel, Event>,
    options?: FollowOptions<ProjectionOptions>,
  ) => Promise<Either<ProjectionError | FollowerStopped, ProjectionState<ReadModel>>>
  readonly runSaga: <Event, Action, DispatchError>(
    runner: PromiseSagaProcess<Event, Action, DispatchError>,
    options?: FollowOptions<SagaOptions>,
  ) => Promise<Either<ProjectionError | DispatchError | FollowerStopped, number>>
  /** Calls `onEvent` for every event from `fromPosition` on, one at a time. */
  readonly subscribe: (
    onEvent: (record: RecordedEvent) => void | Promise<void>,
    options?: FollowOptions<SubscribeOptions>,
  ) => Promise<Either<StoreError | FollowerStopped, void>>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * @category constructors
 * @since 0.1.0
 */
export const followerStopped: FollowerStopped = Object.freeze({ _tag: 'FollowerStopped' })

/** Whether `u` can stop a follower (by shape, so a signal of another realm passes). */
const isAbortSignal = (u: unknown): u is AbortSignal =>
  typeof u === 'object' &&
  u !== null &&
  typeof (u as { readonly aborted?: unknown }).aborted === 'boolean' &&
  typeof (u as { readonly addEventListener?: unknown }).addEventListener === 'function'

/**
 * `effect`, ended with `FollowerStopped` when `signal` aborts; refused as `InvalidArgument` when
 * `signal` is not an `AbortSignal` (it could never stop the follower).
 */
const stoppable = <A, E, R>(
  operation: string,
  effect: Effect.Effect<A, E, R>,
  signal: AbortSignal | undefined,
): Effect.Effect<A, E | FollowerStopped | InvalidArgument, R> => {
  if (signal === undefined) return effect
  if (!isAbortSignal(signal))
    return Effect.fail(
      invalidArgument(
        operation,
        'options.signal',
        `must be an AbortSignal (new AbortController().signal), got ${describeValue(signal)}`,
      ),
    )
  const aborted = Effect.callback<never, FollowerStopped>((resume) => {
    if (signal.aborted) return resume(Effect.fail(followerStopped))
    const onAbort = (): void => resume(Effect.fail(followerStopped))
    signal.addEventListener('abort', onAbort, { once: true })
    return Effect.sync(() => signal.removeEventListener('abort', onAbort))
  })
  return Effect.raceFirst(effect, aborted)
}

/** Whether a dispatch resolved to what it must: an fp-ts `Either`. */
const isEither = (u: unknown): u is Either<unknown, unknown> =>
  typeof u === 'object' &&
  u !== null &&
  ((u as { readonly _tag?: unknown })._tag === 'Left' ||
    (u as { readonly _tag?: unknown })._tag === 'Right')

const signalOf = (options: unknown): AbortSignal | undefined =>
  typeof options === 'object' && options !== null
    ? (options as { readonly signal?: AbortSignal }).signal
    : undefined

const withoutSignal = <Options extends object>(
  options: FollowOptions<Options> | undefined,
): Options | undefined => {
  // Anything but an object is passed on as it is, for the follower to refuse it, named.
  if (typeof options !== 'object' || options === null || options.signal === undefined)
    return options
  const { signal: _signal, ...rest } = options
  return rest as unknown as Options
}

/**
 * The followers of `store` with Promise-returning methods.
 *
 * @example
 * import { makeMemoryStore } from 'foldwise/adapters/memory'
 * import { toPromiseFollowers } from 'foldwise/runtime'
 * const followers = toPromiseFollowers(makeMemoryStore())
 * const seen: Array<string> = []
 * const done = await followers.subscribe((record) => void seen.push(record.type), { stopWhenCaughtUp: true })
 * assert.strictEqual(done._tag, 'Right')
 * assert.deepStrictEqual(seen, [])
 *
 * @category constructors
 * @since 0.1.0
 */
export const toPromiseFollowers = (
  store: EventStore,
  options?: PromiseFaceOptions,
): PromiseFollowers => {
  const run = promiseRunner(promiseContext(store, options))
  return {
    loadProjection: (projection) => run(loadProjection(projection)),
    rebuildProjection: (projection) => run(rebuildProjection(projection)),
    runProjection: (projection, follow) =>
      run(
        stoppable(
          'runProjection',
          runProjection(projection, withoutSignal(follow)),
          signalOf(follow),
        ),
      ),
    runSaga: <Event, Action, DispatchError>(
      runner: PromiseSagaProcess<Event, Action, DispatchError>,
      follow?: FollowOptions<SagaOptions>,
    ) => {
      const effectRunner: SagaProcess<Event, Action, DispatchError, never> = {
        ...runner,
        dispatch: (action, context) =>
          Effect.flatMap(
            Effect.tryPromise({
              try: () => runner.dispatch(action, context),
              catch: (thrown) => threwOn(`saga ${runner.name}'s dispatch`, context.event, thrown),
            }).pipe(Effect.orDie),
            (result): Effect.Effect<unknown, DispatchError> =>
              isEither(result)
                ? result._tag === 'Left'
                  ? Effect.fail(result.left)
                  : Effect.succeed(result.right)
                : Effect.die(
                    new TypeError(
                      `foldwise: saga ${runner.name}'s dispatch resolved to ${describeValue(result)}; it must resolve to an Either (a Promise-face handle's result fits)`,
                    ),
                  ),
          ),
      }
      return run(
        stoppable('runSaga', runSaga(effectRunner, withoutSignal(follow)), signalOf(follow)),
      )
    },
    subscribe: (onEvent, follow) =>
      run(
        stoppable(
          'subscribeAll',
          Stream.runForEach(subscribeAll(withoutSignal(follow)), (record) =>
            Effect.tryPromise({
              try: async () => onEvent(record),
              catch: (thrown) => threwOn('a subscriber', record, thrown),
            }).pipe(Effect.orDie),
          ),
          signalOf(follow),
        ),
      ),
  }
}
