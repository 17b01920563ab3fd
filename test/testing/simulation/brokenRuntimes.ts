/**
 * Runtimes broken on purpose, to show the simulation's teeth. Each replaces one step of the
 * real runtime through the simulation's runtime adapter, never through a branch in the
 * runtime itself:
 * - `retryAmbiguousWithoutCommandId`: after an append whose answer was lost, the command is
 *   handled again without its command id;
 * - `checkpointBeforeReadModel`: a projection saves its new position first and its read model
 *   after, in two writes;
 * - `writeAheadCache(keepCacheOnCrash)`: a handler that caches a decision's state before its
 *   append (and forgets it on failure) and, when `keepCacheOnCrash`, keeps that cache across a
 *   crash. With `false` it is a correct runtime (the control).
 *
 * @since 0.1.0
 */
import { Effect, Schedule } from 'effect'
import type { RecordedEvent } from '../../../src/codec/RecordedEvent.js'
import { commandHandler } from '../../../src/runtime/CommandHandler.js'
import { runProjection } from '../../../src/runtime/Projections.js'
import { EventStoreService, IdGenerator, makeRuntimeStore } from '../../../src/runtime/services.js'
import type { ProjectionCheckpoint } from '../../../src/store/EventStore.js'
import type { StoreError } from '../../../src/store/StoreError.js'
import type { FaultyStore, SimulationRuntime } from '../../../src/testing/simulation/index.js'
import type { HandlerUnderTest } from '../../../src/testing/simulation/index.js'
import type { HandlerProcess } from '../../../src/testing/simulation/index.js'
import type { HandleResult } from '../../../src/testing/simulation/index.js'
import { effectRuntime } from '../../../src/testing/index.js'
import { handleResultOfError } from '../../../src/testing/simulation/index.js'

const accepted = (outcome: {
  readonly events: ReadonlyArray<unknown>
  readonly state: unknown
  readonly version: number
}): HandleResult => ({ _tag: 'Accepted', outcome })

/** The same handler value with no retry of its own after `StoreUnavailable`. */
const withoutUnavailableRetry = new WeakMap<HandlerUnderTest, HandlerUnderTest['handler']>()
const noUnavailableRetry = (handler: HandlerUnderTest): HandlerUnderTest['handler'] => {
  let value = withoutUnavailableRetry.get(handler)
  if (value === undefined) {
    value = commandHandler(handler.decider, handler.codec, { unavailableRetry: Schedule.recurs(0) })
    withoutUnavailableRetry.set(handler, value)
  }
  return value
}

/** The retry of an ambiguous append drops the command id. */
export const retryAmbiguousWithoutCommandId: SimulationRuntime = {
  ...effectRuntime,
  start: (store) => {
    const runtimeStore = makeRuntimeStore(store)
    return {
      handle: (handler, streamId, command, commandId) => {
        const value = noUnavailableRetry(handler)
        return value.handle(streamId, command, { commandId }).pipe(
          Effect.catchIf(
            (error) => error._tag === 'StoreUnavailable',
            // The broken step: the retry forgets which command it is.
            () => value.handle(streamId, command),
          ),
          Effect.provideService(EventStoreService, runtimeStore),
          Effect.match({ onSuccess: accepted, onFailure: handleResultOfError }),
        )
      },
    }
  },
}

/** The projection's checkpoint is written before its read model, in two writes. */
export const checkpointBeforeReadModel: SimulationRuntime = {
  ...effectRuntime,
  project: (projection, store) => {
    const { loadCheckpoint, saveCheckpoint } = store
    if (loadCheckpoint === undefined || saveCheckpoint === undefined)
      return effectRuntime.project(projection, store)
    const split: FaultyStore = {
      ...store,
      saveCheckpoint: (checkpoint: ProjectionCheckpoint) =>
        Effect.flatMap(loadCheckpoint(checkpoint.name), (previous) =>
          Effect.andThen(
            saveCheckpoint({
              name: checkpoint.name,
              position: checkpoint.position,
              readModel:
                previous?.readModel ?? projection.readModel.encode(projection.view.initialState),
            }),
            saveCheckpoint(checkpoint),
          ),
        ),
    }
    return runProjection(projection, { stopWhenCaughtUp: true }).pipe(
      Effect.provideService(EventStoreService, makeRuntimeStore(split)),
    )
  },
}

interface Entry {
  readonly state: unknown
  readonly version: number
  readonly commandIds: ReadonlySet<string>
}

const load = (
  store: FaultyStore,
  handler: HandlerUnderTest,
  streamId: string,
): Effect.Effect<Entry, StoreError | { readonly _tag: 'EventDecodeFailed' }> =>
  Effect.flatMap(store.readStream(streamId), (records: ReadonlyArray<RecordedEvent>) => {
    let state = handler.decider.initialState
    const commandIds = new Set<string>()
    for (const record of records) {
      const event = handler.codec.decode(record)
      if (event._tag === 'Left') return Effect.fail({ _tag: 'EventDecodeFailed' } as const)
      state = handler.decider.evolve(state, event.right)
      if (record.metadata.commandId !== undefined) commandIds.add(record.metadata.commandId)
    }
    return Effect.succeed({ state, version: records.length, commandIds })
  })

const writeAheadProcess = (store: FaultyStore): HandlerProcess => {
  const cache = new Map<string, Entry>()
  return {
    handle: (handler, streamId, command, commandId) =>
      Effect.gen(function* () {
        const key = `${handler.name}\u0000${streamId}`
        const entry = cache.get(key) ?? (yield* load(store, handler, streamId))
        if (entry.commandIds.has(commandId))
          return accepted({ events: [], state: entry.state, version: entry.version })
        const decision = handler.decider.decide(command, entry.state)
        if (decision._tag === 'Left') return { _tag: 'Rejected', rejection: decision.left } as const
        const events = decision.right
        if (events.length === 0)
          return accepted({ events, state: entry.state, version: entry.version })
        let state = entry.state
        for (const event of events) state = handler.decider.evolve(state, event)
        const version = entry.version + events.length
        // Write-ahead: the cache holds the decision before the store does.
        cache.set(key, { state, version, commandIds: new Set([...entry.commandIds, commandId]) })
        const ids = yield* IdGenerator
        const appended = yield* Effect.result(
          store.append(
            streamId,
            events.map((event) => {
              const encoded = handler.codec.encode(event)
              return {
                eventId: ids.next(),
                type: encoded.type,
                schemaVersion: encoded.schemaVersion,
                data: encoded.data,
                metadata: { commandId },
              }
            }),
            { expectedVersion: entry.version },
          ),
        )
        if (appended._tag === 'Failure') {
          cache.delete(key)
          return { _tag: 'Failed', error: appended.failure } as const
        }
        return accepted({ events, state, version })
      }).pipe(Effect.catch((error) => Effect.succeed<HandleResult>({ _tag: 'Failed', error }))),
  }
}

/** A handler caching decisions before their append; `keepCacheOnCrash` is the bug. */
export const writeAheadCache = (keepCacheOnCrash: boolean): SimulationRuntime => ({
  ...effectRuntime,
  start: (store, crashed) =>
    keepCacheOnCrash && crashed !== undefined ? crashed : writeAheadProcess(store),
})
