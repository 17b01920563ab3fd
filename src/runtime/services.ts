/**
 * The runtime's services. The store is one Layer (`EventStoreService.layer(store)`): swapping
 * the memory adapter for the file or PostgreSQL one changes that line only. Time comes from
 * Effect's own `Clock` (so `TestClock` drives it) and event ids from `IdGenerator`.
 *
 * @since 0.1.0
 */
import type { Effect } from 'effect'
import { Context, Layer } from 'effect'
import type { StoreError } from '../store/StoreError.js'
import type { CheckpointStore, EventStore, SnapshotStore } from '../store/EventStore.js'
import { randomUuids } from './RandomIds.js'
import { StateCache } from './StateCache.js'
import { StreamLocks } from './StreamLocks.js'
import type { SyncAppend } from '../store/SyncAppend.js'
import { syncAppendOf } from '../store/SyncAppend.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A store as the runtime sees it: the event store, and the snapshot and checkpoint stores
 * when the adapter has them, plus the in-process state cache and stream locks that belong
 * with this store.
 *
 * @category model
 * @since 0.1.0
 */
export interface RuntimeStore {
  readonly events: EventStore
  readonly snapshots: SnapshotStore | undefined
  readonly checkpoints: CheckpointStore | undefined
  /** Streams kept in each decider's state cache (0 turns the cache off). */
  readonly cacheSize: number
  /**
   * The state cache of one decider on this store, holding `capacity` streams (default
   * `cacheSize`; the first call for a decider sets it).
   */
  readonly cacheFor: <State>(decider: object, capacity?: number | undefined) => StateCache<State>
  /** The stream's version, on the spot when the adapter can (`EventStore.currentVersion`). */
  readonly currentVersion: (streamId: string) => number | Effect.Effect<number, StoreError>
  readonly locks: StreamLocks
  /** The synchronous face of `events.append`, when the adapter has one (SyncAppend.ts). */
  readonly appendSync: SyncAppend | undefined
}

/**
 * Options of a runtime store.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface RuntimeStoreOptions {
  /** Streams kept in the state cache, per decider. Default 10,000. */
  readonly cacheSize?: number
}

const isSnapshotStore = (u: object): u is SnapshotStore =>
  typeof (u as Partial<SnapshotStore>).loadSnapshot === 'function' &&
  typeof (u as Partial<SnapshotStore>).saveSnapshot === 'function'

const isCheckpointStore = (u: object): u is CheckpointStore =>
  typeof (u as Partial<CheckpointStore>).loadCheckpoint === 'function' &&
  typeof (u as Partial<CheckpointStore>).saveCheckpoint === 'function'

/**
 * Wraps a store (any adapter) for the runtime. Snapshot and checkpoint support are picked up
 * when the adapter implements them.
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeRuntimeStore = (
  store: EventStore,
  options: RuntimeStoreOptions = {},
): RuntimeStore => {
  const cacheSize = options.cacheSize ?? 10_000
  const caches = new WeakMap<object, StateCache<unknown>>()
  return {
    events: store,
    snapshots: isSnapshotStore(store) ? store : undefined,
    checkpoints: isCheckpointStore(store) ? store : undefined,
    cacheSize,
    cacheFor: <State>(decider: object, capacity?: number | undefined): StateCache<State> => {
      let cache = caches.get(decider)
      if (cache === undefined) {
        cache = new StateCache<unknown>(capacity ?? cacheSize)
        caches.set(decider, cache)
      }
      return cache as StateCache<State>
    },
    currentVersion:
      store.currentVersion === undefined
        ? (streamId) => store.streamVersion(streamId)
        : (streamId) =>
            (store.currentVersion as NonNullable<EventStore['currentVersion']>)(streamId),
    locks: new StreamLocks(),
    appendSync: syncAppendOf(store.append),
  }
}

const shared = new WeakMap<EventStore, RuntimeStore>()

/**
 * The one runtime store of `store` in this process, so the Effect face and the Promise face
 * on the same store share their state cache and stream locks. The options of the first call
 * win.
 *
 * @category constructors
 * @since 0.1.0
 */
export const runtimeStoreOf = (store: EventStore, options?: RuntimeStoreOptions): RuntimeStore => {
  let runtime = shared.get(store)
  if (runtime === undefined) {
    runtime = makeRuntimeStore(store, options)
    shared.set(store, runtime)
  }
  return runtime
}

/**
 * The store the runtime reads and writes.
 *
 * @example
 * import { Effect } from 'effect'
 * import { makeMemoryStore } from 'foldwise/adapters/memory'
 * import { EventStoreService } from 'foldwise/runtime'
 * const program = Effect.gen(function* () {
 *   const { events } = yield* EventStoreService
 *   return yield* events.headPosition()
 * })
 * const head = await Effect.runPromise(program.pipe(Effect.provide(EventStoreService.layer(makeMemoryStore()))))
 * assert.strictEqual(head, 0)
 *
 * @category services
 * @since 0.1.0
 */
export class EventStoreService extends Context.Service<EventStoreService, RuntimeStore>()(
  'foldwise/runtime/EventStoreService',
) {
  /** The layer of one store (with this process's state cache and stream locks for it). */
  static layer(store: EventStore, options?: RuntimeStoreOptions): Layer.Layer<EventStoreService> {
    return Layer.succeed(EventStoreService, runtimeStoreOf(store, options))
  }
}

/**
 * Draws event ids.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface IdGeneratorShape {
  readonly next: () => string
}

/**
 * Event ids: random version-4 UUIDs (`randomUuids`: the same as `crypto.randomUUID`'s, as flat
 * strings that cost a store less to keep) unless a test provides a seeded generator.
 *
 * @category services
 * @since 0.1.0
 */
export const IdGenerator: Context.Reference<IdGeneratorShape> = Context.Reference<IdGeneratorShape>(
  'foldwise/runtime/IdGenerator',
  { defaultValue: () => ({ next: randomUuids() }) },
)

const hex = (n: number, width: number): string =>
  (n >>> 0).toString(16).padStart(width, '0').slice(-width)

/**
 * A deterministic generator of UUID-shaped ids (version 4 layout) from a seed: the same seed
 * gives the same ids in the same order.
 *
 * @example
 * import { seededIdGenerator } from 'foldwise/runtime'
 * const a = seededIdGenerator(7)
 * const b = seededIdGenerator(7)
 * assert.strictEqual(a.next(), b.next())
 *
 * @category constructors
 * @since 0.1.0
 */
export const seededIdGenerator = (seed: number): IdGeneratorShape => {
  // mulberry32: small, fast and good enough for ids that only need to be distinct.
  let state = seed >>> 0
  const random32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
  return {
    next: () => {
      const a = random32()
      const b = random32()
      const c = random32()
      const d = random32()
      return `${hex(a, 8)}-${hex(b >>> 16, 4)}-4${hex(b, 3)}-${hex(((c >>> 30) & 0x3) | 0x8, 1)}${hex(c, 3)}-${hex(d, 8)}${hex(c >>> 12, 4)}`
    },
  }
}
