/**
 * Followers follow: a projection run with no stop condition (as a long-running service runs
 * it) keeps its process alive and keeps applying what other processes append, until SIGTERM
 * interrupts it with its checkpoint saved; a follower whose store is briefly unavailable
 * retries with backoff from where it was, nothing skipped or applied twice, and one whose
 * retries are bounded ends with the error that stopped it.
 */
import { assert, describe, it } from '@effect/vitest'
import { Effect, Stream } from 'effect'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import type { RecordedEvent } from '../../src/codec/RecordedEvent.js'
import { storeUnavailable } from '../../src/store/StoreError.js'
import {
  EventStoreService,
  loadProjection,
  runProjection,
  runSaga,
  subscribeAll,
} from '../../src/runtime/index.js'
import { backoffCeiling } from '../../src/store/Backoff.js'
import type { SagaContext } from '../../src/runtime/Sagas.js'
import type { LootEvent } from '../../src/examples/loot.js'
import { lootEventCodec } from '../../src/examples/loot.codec.js'
import { bundle, startChild } from './fixtures/children.js'
import { runtimeLayer, tempDir } from './fixtures.js'
import { addLoot, foldEverything, originsProjection } from './fixtures/lootProjections.js'
import type { FullStore } from './stores.js'
import { scopedFileStore } from './stores.js'

const pollMs = 50

const onFileStore = <A, E>(
  dir: string,
  seed: number,
  effect: Effect.Effect<A, E, EventStoreService>,
) =>
  Effect.scoped(
    Effect.flatMap(scopedFileStore(dir), (store) =>
      effect.pipe(Effect.provide(runtimeLayer(store, seed))),
    ),
  )

const headOf = (dir: string, seed: number) =>
  onFileStore(
    dir,
    seed,
    Effect.flatMap(EventStoreService, (store) => store.events.headPosition()),
  )

const checkpointAt = (position: number) => (line: unknown) =>
  (line as { readonly name?: unknown }).name === originsProjection.name &&
  (line as { readonly position?: unknown }).position === position

describe('a projection with no stop condition, in its own process', () => {
  it.live(
    'stays alive after catching up, applies events another process appends, and ends on SIGTERM with its checkpoint saved',
    () => {
      const temp = tempDir('follower')
      return Effect.gen(function* () {
        const child = yield* Effect.promise(() => bundle('follower.ts'))
        yield* Effect.addFinalizer(() => Effect.sync(child.remove))
        yield* onFileStore(temp.dir, 1, addLoot(0, 12))
        const head = yield* headOf(temp.dir, 2)

        const follower = startChild(child.path, ['file', temp.dir, String(pollMs)])
        yield* Effect.addFinalizer(() => Effect.sync(() => follower.process.kill('SIGKILL')))
        yield* Effect.promise(() => follower.waitForLine(checkpointAt(head)))

        // Caught up and idle for several poll intervals: still running.
        yield* Effect.sleep(pollMs * 8)
        assert.strictEqual(follower.process.exitCode, null, follower.stderr())
        assert.strictEqual(follower.process.signalCode, null)

        // Another process appends: the follower applies it.
        yield* onFileStore(temp.dir, 3, addLoot(12, 20))
        const later = yield* headOf(temp.dir, 4)
        assert.isAbove(later, head)
        yield* Effect.promise(() => follower.waitForLine(checkpointAt(later)))

        follower.process.kill('SIGTERM')
        const exit = yield* Effect.promise(() => follower.exited)
        assert.deepStrictEqual(exit, { code: 0, signal: null }, follower.stderr())
        assert.deepStrictEqual(follower.lines.at(-1), { ended: 'interrupted' })

        yield* onFileStore(
          temp.dir,
          5,
          Effect.gen(function* () {
            const saved = yield* loadProjection(originsProjection)
            assert.strictEqual(saved.position, later)
            assert.deepStrictEqual(saved.readModel, (yield* foldEverything).origins)
          }),
        )
      }).pipe(Effect.scoped, Effect.ensuring(Effect.sync(temp.remove)))
    },
  )
})

/** The store, whose `readAll` and `saveCheckpoint` fail every `every`-th call, `times` in all. */
const intermittent = (store: FullStore, every: number, times: number) => {
  let calls = 0
  let failures = 0
  const fails = (): boolean => {
    if (++calls % every !== 0 || failures >= times) return false
    failures++
    return true
  }
  const unavailable = Effect.fail(storeUnavailable('connection terminated (test)'))
  return {
    failures: () => failures,
    store: {
      ...store,
      readAll: (options?: Parameters<FullStore['readAll']>[0]) =>
        Effect.suspend(() => (fails() ? unavailable : store.readAll(options))),
      saveCheckpoint: (checkpoint: Parameters<FullStore['saveCheckpoint']>[0]) =>
        Effect.suspend(() => (fails() ? unavailable : store.saveCheckpoint(checkpoint))),
    } satisfies FullStore,
  }
}

const quick = { initialDelayMs: 1, maxDelayMs: 4 }

describe('a follower whose store is briefly unavailable', () => {
  it('backs off exponentially up to a cap', () => {
    assert.deepStrictEqual(
      [0, 1, 2, 3, 4, 5, 1000].map((retry) => backoffCeiling({}, retry)),
      [100, 200, 400, 800, 1600, 3200, 5000],
    )
  })

  it.live(
    'a subscription retries the failed read from the same position: every event once, in order',
    () =>
      Effect.gen(function* () {
        const memory = makeMemoryStore()
        yield* addLoot(0, 40).pipe(Effect.provide(runtimeLayer(memory)))
        const head = yield* memory.headPosition()
        const flaky = intermittent(memory, 3, 6)
        const seen: ReadonlyArray<RecordedEvent> = yield* Stream.runCollect(
          subscribeAll({ pageSize: 4, reconnect: quick }).pipe(Stream.take(head)),
        ).pipe(Effect.provide(runtimeLayer(flaky.store)))
        assert.isAbove(flaky.failures(), 2)
        assert.deepStrictEqual(
          seen.map((record) => record.globalPosition),
          Array.from({ length: head }, (_, i) => i + 1),
        )
      }),
  )

  it.live(
    'a projection retries failed reads and checkpoint saves: its read model equals a fold over all events',
    () =>
      Effect.gen(function* () {
        const memory = makeMemoryStore()
        yield* addLoot(0, 40).pipe(Effect.provide(runtimeLayer(memory)))
        const flaky = intermittent(memory, 2, 10)
        const done = yield* runProjection(originsProjection, {
          stopWhenCaughtUp: true,
          reconnect: quick,
        }).pipe(Effect.provide(runtimeLayer(flaky.store)))
        assert.strictEqual(flaky.failures(), 10)
        yield* Effect.gen(function* () {
          assert.strictEqual(done.position, yield* memory.headPosition())
          assert.deepStrictEqual(done.readModel, (yield* foldEverything).origins)
          assert.deepStrictEqual(
            (yield* loadProjection(originsProjection)).readModel,
            done.readModel,
          )
        }).pipe(Effect.provide(runtimeLayer(memory)))
      }),
  )

  it.live('a saga retries failed reads and checkpoint saves: each reaction dispatched once', () =>
    Effect.gen(function* () {
      const memory = makeMemoryStore()
      yield* addLoot(0, 30).pipe(Effect.provide(runtimeLayer(memory)))
      const flaky = intermittent(memory, 2, 10)
      const dispatched: Array<string> = []
      yield* runSaga(
        {
          name: 'count-loot',
          codec: lootEventCodec,
          saga: {
            react: (event: LootEvent) => (event.type === 'ItemAdded' ? [event.item.name] : []),
          },
          dispatch: (_name: string, context: SagaContext) =>
            Effect.sync(() => dispatched.push(context.commandId)),
        },
        { stopWhenCaughtUp: true, reconnect: quick },
      ).pipe(Effect.provide(runtimeLayer(flaky.store)))
      assert.strictEqual(flaky.failures(), 10)
      const added = (yield* memory.readAll()).filter((record) => record.type === 'ItemAdded')
      assert.strictEqual(added.length, 30)
      assert.deepStrictEqual(
        dispatched,
        added.map((record) => `count-loot:${record.eventId}:0`),
      )
    }),
  )

  it.live(
    'with its retries bounded, a follower that cannot reach its store ends with StoreUnavailable',
    () =>
      Effect.gen(function* () {
        const memory = makeMemoryStore()
        yield* addLoot(0, 10).pipe(Effect.provide(runtimeLayer(memory)))
        const down = intermittent(memory, 1, Infinity)
        const failed = yield* Effect.flip(
          runProjection(originsProjection, { reconnect: { ...quick, maxRetries: 3 } }).pipe(
            Effect.provide(runtimeLayer(down.store)),
          ),
        )
        assert.strictEqual(failed._tag, 'StoreUnavailable')
        assert.strictEqual(down.failures(), 4)
      }),
  )
})
