/**
 * The cache entry a command decides on: loaded cold (snapshot plus the events after it, with
 * the command ids of the window indexed), caught up when stale, and the replay of a command
 * whose id is already in the stream. Each is an Effect (it reads the store) with a
 * `foldwise.load` span.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import type { StoreError } from '../store/StoreError.js'
import { pruneCommandIds, spanStart } from './CommandIds.js'
import type { Outcome } from './CommandModel.js'
import type { CommandRun } from './CommandRun.js'
import type { EventDecodeFailed } from './errors.js'
import { eventDecodeFailed } from './errors.js'
import { catchUp, loadStream } from './Loading.js'
import type { CachedStream, CommandSpan } from './StateCache.js'
import { indexCommandId } from './StateCache.js'
import { noStackTrace } from './tracing.js'

type AnyRun<State, Event> = CommandRun<unknown, State, Event, unknown>

/**
 * Loads the run's stream and caches it.
 *
 * @category combinators
 * @since 0.1.0
 */
export const loadEntry = <State, Event>(
  run: AnyRun<State, Event>,
): Effect.Effect<CachedStream<State>, StoreError | EventDecodeFailed> =>
  Effect.suspend(() => {
    const commandIds: CachedStream<State>['commandIds'] = new Map()
    return Effect.map(
      loadStream(
        run.store,
        run.decider,
        run.codec,
        run.streamId,
        run.settings.snapshots,
        undefined,
        (record) => indexCommandId(commandIds, record.metadata.commandId, record.streamVersion),
      ),
      (loaded): CachedStream<State> => {
        const entry: CachedStream<State> = {
          state: loaded.state,
          version: loaded.version,
          stale: false,
          commandIds,
          indexedFrom: loaded.fromVersion + 1,
        }
        pruneCommandIds(entry, run.settings.commandIdWindow)
        run.cache.set(run.streamId, entry)
        return entry
      },
    )
  }).pipe(
    Effect.withSpan('foldwise.load', { attributes: { streamId: run.streamId } }, noStackTrace),
  )

/**
 * The entry of a stream the store says is empty (version 0), cached without a read: what
 * `loadEntry` would build from an empty read, without a fiber, so a stream's first command on
 * an in-memory or file store runs to its end without suspending. Only for untraced runs
 * without a snapshot policy (a traced run records a `foldwise.load` span; a policy may have
 * a stray snapshot to warn about). The append that follows still expects version 0.
 *
 * @category combinators
 * @since 0.1.0
 */
export const emptyEntry = <State>(run: AnyRun<State, unknown>): CachedStream<State> => {
  const entry: CachedStream<State> = {
    state: run.decider.initialState,
    version: 0,
    stale: false,
    commandIds: new Map(),
    indexedFrom: 1,
  }
  run.cache.set(run.streamId, entry)
  return entry
}

/**
 * Folds the events another writer appended into a stale entry.
 *
 * @category combinators
 * @since 0.1.0
 */
export const refreshEntry = <State, Event>(
  run: AnyRun<State, Event>,
  entry: CachedStream<State>,
): Effect.Effect<CachedStream<State>, StoreError | EventDecodeFailed> =>
  catchUp(run.store, run.decider.evolve, run.codec, run.streamId, entry, undefined, (record) =>
    indexCommandId(entry.commandIds, record.metadata.commandId, record.streamVersion),
  ).pipe(
    Effect.map((folded) => {
      entry.state = folded.state
      entry.version = folded.version
      entry.stale = false
      return entry
    }),
    Effect.withSpan(
      'foldwise.load',
      { attributes: { streamId: run.streamId, refresh: true } },
      noStackTrace,
    ),
  )

/**
 * The outcome of a command already in the stream: its events read back, and the state after
 * them.
 *
 * @category combinators
 * @since 0.1.0
 */
export const replay = <State, Event>(
  run: AnyRun<State, Event>,
  entry: CachedStream<State>,
  commandId: string,
  span: CommandSpan,
): Effect.Effect<Outcome<State, Event>, StoreError | EventDecodeFailed> =>
  Effect.gen(function* () {
    const from = yield* spanStart(run.store, run.streamId, entry, commandId, span)
    const records = yield* run.store.events.readStream(run.streamId, { from, to: span.to })
    const events: Array<Event> = []
    for (const record of records) {
      if (record.metadata.commandId !== commandId) continue
      const decoded = run.codec.decode(record)
      if (decoded._tag === 'Left') return yield* Effect.fail(eventDecodeFailed(decoded.left))
      events.push(decoded.right)
    }
    const state =
      span.to === entry.version
        ? entry.state
        : (yield* loadStream(
            run.store,
            run.decider,
            run.codec,
            run.streamId,
            run.settings.snapshots,
            span.to,
          )).state
    return { events, state, version: span.to }
  })
