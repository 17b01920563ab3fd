/**
 * Snapshot policies: every N events, or never. A snapshot is an optimisation, never a source
 * of truth: one that is missing, unreadable, of an old state version or ahead of its stream is
 * ignored with a logged warning and the state is rebuilt from the events.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import type { Either } from 'fp-ts/lib/Either.js'
import { left, right } from 'fp-ts/lib/Either.js'
import type { Json } from '../codec/RecordedEvent.js'
import type { DecodeError } from '../codec/DecodeError.js'
import type { RuntimeStore } from './services.js'
import { noStackTrace } from './tracing.js'
import { describeThrown } from './DomainDefects.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A versioned state codec (the codec layer's `StateCodec` fits).
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface SnapshotStateCodec<State> {
  readonly version: number
  readonly encode: (state: State) => Json
  readonly decode: (stored: {
    readonly stateVersion: number
    readonly state: unknown
  }) => Either<DecodeError | { readonly _tag: string }, State>
}

/**
 * A positive safe integer: how many events apart a stream's snapshots are. Built by
 * `snapshotInterval` from any number, or written as a literal in `snapshotEvery`.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export type SnapshotInterval = number & { readonly SnapshotInterval: unique symbol }

/**
 * A number that is not a positive safe integer, given as a snapshot interval.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface InvalidSnapshotInterval {
  readonly _tag: 'InvalidSnapshotInterval'
  readonly events: number
}

/**
 * The spellings of a number literal that is not a positive integer (a compile-time check).
 *
 * @category model
 * @since 0.1.0
 */
export type NotAPositiveInteger =
  `-${string}` | `${string}.${string}` | `${string}e${string}` | '0' | 'NaN' | 'Infinity'

/**
 * What `snapshotEvery` accepts: a positive integer literal (`100`; `0`, `-1` and `1.5` do not
 * compile), or a `SnapshotInterval` built by `snapshotInterval` from a number known only at
 * run time.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export type SnapshotIntervalArgument<N extends number> = number extends N
  ? SnapshotInterval
  : N extends SnapshotInterval
    ? N
    : `${N}` extends NotAPositiveInteger
      ? never
      : N

/**
 * When to snapshot one decider's streams.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export type SnapshotPolicy<State> =
  | { readonly _tag: 'Never' }
  | { readonly _tag: 'Every'; readonly events: number; readonly codec: SnapshotStateCodec<State> }

/**
 * A state loaded from a snapshot.
 *
 * @category model
 * @since 0.1.0
 */
export interface LoadedSnapshot<State> {
  readonly state: State
  readonly version: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Never snapshot (the default).
 *
 * @category constructors
 * @since 0.1.0
 */
export const noSnapshots: Extract<SnapshotPolicy<never>, { readonly _tag: 'Never' }> = {
  _tag: 'Never',
}

/**
 * A snapshot interval from a number known only at run time, or why it is not one (it must be
 * a positive safe integer).
 *
 * @example
 * import { snapshotInterval } from 'foldwise/runtime'
 * assert.strictEqual(snapshotInterval(100)._tag, 'Right')
 * assert.deepStrictEqual(snapshotInterval(0), { _tag: 'Left', left: { _tag: 'InvalidSnapshotInterval', events: 0 } })
 *
 * @category constructors
 * @since 0.1.0
 */
export const snapshotInterval = (
  events: number,
): Either<InvalidSnapshotInterval, SnapshotInterval> =>
  Number.isSafeInteger(events) && events >= 1
    ? right(events as SnapshotInterval)
    : left({ _tag: 'InvalidSnapshotInterval', events })

/**
 * Snapshot each time a stream crosses a multiple of `events`: a positive integer literal, or a
 * `SnapshotInterval` from `snapshotInterval` (so a bad interval is a type error, not a throw).
 *
 * @example
 * import { snapshotEvery } from 'foldwise/runtime'
 * const policy = snapshotEvery(100, { version: 1, encode: (n: number) => n, decode: (s) => ({ _tag: 'Right', right: s.state as number }) })
 * assert.strictEqual(policy._tag, 'Every')
 *
 * @category constructors
 * @since 0.1.0
 */
export const snapshotEvery = <State, const N extends number = number>(
  events: SnapshotIntervalArgument<N>,
  codec: SnapshotStateCodec<State>,
): SnapshotPolicy<State> => ({ _tag: 'Every', events, codec })

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * A stored state decoded, or why not (the tag of the codec's error, or what it threw: a
 * snapshot is an optimisation, so a codec that throws on one makes it unusable, never the
 * stream).
 */
const decodeSnapshot = <State>(
  codec: SnapshotStateCodec<State>,
  stateVersion: number,
  state: unknown,
): Either<string, State> => {
  try {
    const decoded = codec.decode({ stateVersion, state })
    return decoded._tag === 'Left' ? left(decoded.left._tag) : decoded
  } catch (thrown) {
    return left(`its codec's decode threw: ${describeThrown(thrown)}`)
  }
}

/**
 * The stream's snapshot, decoded, if it is usable and at or before `atOrBefore`; a warning is
 * logged for each reason one is not.
 *
 * @category combinators
 * @since 0.1.0
 */
export const loadUsableSnapshot = <State>(
  store: RuntimeStore,
  policy: SnapshotPolicy<State> | undefined,
  streamId: string,
  atOrBefore: number,
): Effect.Effect<LoadedSnapshot<State> | undefined> => {
  if (policy === undefined || policy._tag === 'Never' || store.snapshots === undefined)
    return Effect.succeed(undefined)
  const codec = policy.codec
  return store.snapshots.loadSnapshot(streamId).pipe(
    Effect.flatMap((stored) => {
      if (stored === undefined || stored.streamVersion > atOrBefore)
        return Effect.succeed(undefined)
      if (stored.stateVersion !== codec.version)
        return Effect.as(
          Effect.logWarning(
            `foldwise: ignoring snapshot of ${JSON.stringify(streamId)} at version ${stored.streamVersion}: state version ${stored.stateVersion}, codec version ${codec.version}`,
          ),
          undefined,
        )
      const decoded = decodeSnapshot(codec, stored.stateVersion, stored.state)
      if (decoded._tag === 'Left')
        return Effect.as(
          Effect.logWarning(
            `foldwise: ignoring unreadable snapshot of ${JSON.stringify(streamId)} at version ${stored.streamVersion}: ${decoded.left}`,
          ),
          undefined,
        )
      return Effect.succeed({ state: decoded.right, version: stored.streamVersion })
    }),
    Effect.catch((error) =>
      Effect.as(
        Effect.logWarning(
          `foldwise: ignoring snapshot of ${JSON.stringify(streamId)}: ${error._tag}`,
        ),
        undefined,
      ),
    ),
  )
}

/**
 * Whether an append from `fromVersion` to `toVersion` crossed a multiple of the policy's
 * interval on a store that keeps snapshots.
 *
 * @category combinators
 * @since 0.1.0
 */
export const isSnapshotDue = <State>(
  store: RuntimeStore,
  policy: SnapshotPolicy<State> | undefined,
  fromVersion: number,
  toVersion: number,
): policy is Extract<SnapshotPolicy<State>, { readonly _tag: 'Every' }> =>
  policy !== undefined &&
  policy._tag === 'Every' &&
  store.snapshots !== undefined &&
  Math.floor(toVersion / policy.events) !== Math.floor(fromVersion / policy.events)

/**
 * Saves a snapshot when an append from `fromVersion` to `toVersion` crossed a multiple of the
 * policy's interval. A failed save is logged, never returned: the events are already stored.
 *
 * @category combinators
 * @since 0.1.0
 */
export const saveSnapshotIfDue = <State>(
  store: RuntimeStore,
  policy: SnapshotPolicy<State> | undefined,
  streamId: string,
  fromVersion: number,
  toVersion: number,
  state: State,
): Effect.Effect<void> => {
  if (!isSnapshotDue(store, policy, fromVersion, toVersion) || store.snapshots === undefined)
    return Effect.void
  const snapshots = store.snapshots
  return Effect.suspend(() => {
    // The events are stored and the command acknowledged: a codec that throws costs the
    // snapshot, never the command's outcome.
    let encoded: Json
    try {
      encoded = policy.codec.encode(state)
    } catch (thrown) {
      return Effect.logWarning(
        `foldwise: snapshot of ${JSON.stringify(streamId)} not saved: its codec's encode threw: ${describeThrown(thrown)}`,
      )
    }
    return snapshots.saveSnapshot({
      streamId,
      streamVersion: toVersion,
      stateVersion: policy.codec.version,
      state: encoded,
    })
  }).pipe(
    Effect.catch((error) =>
      Effect.logWarning(
        `foldwise: snapshot of ${JSON.stringify(streamId)} not saved: ${error._tag}`,
      ),
    ),
    Effect.withSpan(
      'foldwise.snapshot',
      { attributes: { streamId, version: toVersion } },
      noStackTrace,
    ),
  )
}
