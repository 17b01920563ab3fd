/**
 * The projection runner: folds a `View` over a catch-up subscription into a read model and
 * saves the read model together with the position it has applied up to, in one atomic write
 * (the adapter's `CheckpointStore`). After a crash it resumes right after the saved position:
 * no event skipped, none applied twice. Events of other domains (types the projection's codec
 * does not know) are passed over.
 *
 * Run without `stopWhenCaughtUp`, a projection follows for ever: it keeps the process alive,
 * waits out an unavailable store (retrying the failed read or save with backoff, from its
 * checkpoint) and ends only when interrupted or with an error that says why.
 *
 * @since 0.1.0
 */
import { Effect, Stream } from 'effect'
import type { Either } from 'fp-ts/lib/Either.js'
import type { EventCodec } from '../codec/EventCodec.js'
import type { Json, RecordedEvent } from '../codec/RecordedEvent.js'
import type { CheckpointStore } from '../store/EventStore.js'
import type { StoreError } from '../store/StoreError.js'
import type { View } from '../kernel/View.js'
import type { CheckpointsUnsupported, EventDecodeFailed, ReadModelUnreadable } from './errors.js'
import { checkpointsUnsupported, eventDecodeFailed, readModelUnreadable } from './errors.js'
import type { RuntimeStore } from './services.js'
import { noStackTrace } from './tracing.js'
import { EventStoreService } from './services.js'
import type { ReconnectPolicy } from './Reconnect.js'
import { retryWhileUnavailable } from './Reconnect.js'
import { subscribeAll } from './Subscription.js'
import { checkFollowOptions } from './ReadArguments.js'
import { threwOn } from './DomainDefects.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How a read model is stored: JSON out, JSON in (an io-ts codec's `encode`/`decode` fit).
 *
 * @category model
 * @since 0.1.0
 */
export interface ReadModelCodec<ReadModel> {
  readonly encode: (readModel: ReadModel) => Json
  readonly decode: (json: Json) => Either<unknown, ReadModel>
}

/**
 * A named projection: a view, the codec of the events it reads and the codec of its read model.
 *
 * @category model
 * @since 0.1.0
 */
export interface Projection<ReadModel, Event> {
  readonly name: string
  /** A kernel `View` fits; `evolve` also receives the stored record (stream id, metadata). */
  readonly view: Pick<View<ReadModel, Event>, 'initialState'> & {
    readonly evolve: (readModel: ReadModel, event: Event, record: RecordedEvent) => ReadModel
  }
  readonly codec: EventCodec<Event>
  readonly readModel: ReadModelCodec<ReadModel>
  /** Only events of streams for which this holds are applied. Default: all. */
  readonly streams?: (streamId: string) => boolean
  /** Events read (and applied between two checkpoints) per page. Default 1,000. */
  readonly pageSize?: number
}

/**
 * A read model and the global position it has applied up to.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface ProjectionState<ReadModel> {
  readonly readModel: ReadModel
  readonly position: number
}

/**
 * The store has no checkpoint store, or the saved read model cannot be read back.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export type ProjectionProblem = CheckpointsUnsupported | ReadModelUnreadable

/**
 * Every error a projection runner may stop with.
 *
 * @category model
 * @since 0.1.0
 */
export type ProjectionError = StoreError | EventDecodeFailed | ProjectionProblem

/**
 * Options of a projection or saga runner.
 *
 * @category model
 * @since 0.1.0
 */
export interface RunOptions {
  /** Return once caught up instead of following new events for ever. Default false. */
  readonly stopWhenCaughtUp?: boolean
  /** How an unavailable store is retried. Default: backoff from 100 ms to 5 s, no bound. */
  readonly reconnect?: ReconnectPolicy
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

const checkpointsOf = (store: RuntimeStore): Effect.Effect<CheckpointStore, ProjectionProblem> =>
  store.checkpoints === undefined
    ? Effect.fail(checkpointsUnsupported)
    : Effect.succeed(store.checkpoints)

/** Folds one page of records into the read model; unknown event types are passed over. */
export const applyRecords = <ReadModel, Event>(
  projection: Projection<ReadModel, Event>,
  readModel: ReadModel,
  records: ReadonlyArray<RecordedEvent>,
): Either<EventDecodeFailed, ReadModel> => {
  let current = readModel
  for (const record of records) {
    if (projection.streams !== undefined && !projection.streams(record.streamId)) continue
    const decoded = projection.codec.decode(record)
    if (decoded._tag === 'Left') {
      if (decoded.left._tag === 'UnknownEventType') continue
      return { _tag: 'Left', left: eventDecodeFailed(decoded.left) }
    }
    try {
      current = projection.view.evolve(current, decoded.right, record)
    } catch (thrown) {
      // A defect, named with the event the projection cannot get past.
      throw threwOn(`projection ${projection.name}'s view`, record, thrown)
    }
  }
  return { _tag: 'Right', right: current }
}

// -------------------------------------------------------------------------------------
// running
// -------------------------------------------------------------------------------------

/**
 * The projection's saved read model and position (the initial state at 0 when never run).
 *
 * @category running
 * @since 0.1.0
 */
export const loadProjection = <ReadModel, Event>(
  projection: Projection<ReadModel, Event>,
): Effect.Effect<ProjectionState<ReadModel>, ProjectionError, EventStoreService> =>
  Effect.gen(function* () {
    const checkpoints = yield* checkpointsOf(yield* EventStoreService)
    const saved = yield* checkpoints.loadCheckpoint(projection.name)
    if (saved === undefined) return { readModel: projection.view.initialState, position: 0 }
    const decoded = projection.readModel.decode(saved.readModel)
    if (decoded._tag === 'Left')
      return yield* Effect.fail(readModelUnreadable(projection.name, decoded.left))
    return { readModel: decoded.right, position: saved.position }
  })

/**
 * Runs a projection from its checkpoint: caught up, it keeps following new events (for ever:
 * it ends only when interrupted, or with an error), unless `stopWhenCaughtUp` is set, in which
 * case it returns the caught-up state. Interrupted, it has saved the checkpoint of every page
 * it applied.
 *
 * @category running
 * @since 0.1.0
 */
export const runProjection = <ReadModel, Event>(
  projection: Projection<ReadModel, Event>,
  options: RunOptions = {},
): Effect.Effect<ProjectionState<ReadModel>, ProjectionError, EventStoreService> =>
  Effect.gen(function* () {
    const refused = checkFollowOptions('runProjection', options, {
      field: 'projection.pageSize',
      value: projection.pageSize,
    })
    if (refused !== undefined) return yield* Effect.fail(refused)
    const checkpoints = yield* checkpointsOf(yield* EventStoreService)
    const reconnect = options.reconnect ?? {}
    const what = `projection ${projection.name}`
    const start = yield* retryWhileUnavailable(loadProjection(projection), reconnect, what)
    let current = start
    yield* Stream.runForEachArray(
      subscribeAll({
        fromPosition: start.position + 1,
        pageSize: projection.pageSize ?? 1_000,
        stopWhenCaughtUp: options.stopWhenCaughtUp === true,
        reconnect,
      }),
      (records) =>
        Effect.suspend((): Effect.Effect<void, ProjectionError> => {
          const applied = applyRecords(projection, current.readModel, records)
          if (applied._tag === 'Left') return Effect.fail(applied.left)
          const position = (records[records.length - 1] as RecordedEvent).globalPosition
          return Effect.map(
            retryWhileUnavailable(
              checkpoints.saveCheckpoint({
                name: projection.name,
                position,
                readModel: projection.readModel.encode(applied.right),
              }),
              reconnect,
              what,
            ),
            () => {
              current = { readModel: applied.right, position }
            },
          )
        }),
    ).pipe(
      Effect.withSpan(
        'foldwise.projection',
        { attributes: { name: projection.name } },
        noStackTrace,
      ),
    )
    return current
  })

/**
 * Rebuilds a projection from the first event: forgets its read model and runs it until
 * caught up.
 *
 * @category running
 * @since 0.1.0
 */
export const rebuildProjection = <ReadModel, Event>(
  projection: Projection<ReadModel, Event>,
): Effect.Effect<ProjectionState<ReadModel>, ProjectionError, EventStoreService> =>
  Effect.gen(function* () {
    const checkpoints = yield* checkpointsOf(yield* EventStoreService)
    yield* checkpoints.saveCheckpoint({
      name: projection.name,
      position: 0,
      readModel: projection.readModel.encode(projection.view.initialState),
    })
    return yield* runProjection(projection, { stopWhenCaughtUp: true })
  })
