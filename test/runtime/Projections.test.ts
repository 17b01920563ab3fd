/**
 * Projections and sagas: the loot views run in a child process over the file store, killed
 * with SIGKILL mid-way and restarted in a new process; on every adapter, a runner that stopped
 * part-way resumes from its checkpoint, and a running one follows new events; a saga's
 * commands are idempotent.
 */
import { assert, describe, it } from '@effect/vitest'
import { Effect, Fiber, Layer, Schedule } from 'effect'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec } from '../../src/examples/bank.codec.js'
import type { LootEvent } from '../../src/examples/loot.js'
import { lootInventory } from '../../src/examples/loot.js'
import { lootEventCodec } from '../../src/examples/loot.codec.js'
import { storeUnavailable } from '../../src/store/StoreError.js'
import {
  EventStoreService,
  commandHandler,
  loadProjection,
  rebuildProjection,
  runProjection,
  runSaga,
} from '../../src/runtime/index.js'
import { makeRuntimeStore } from '../../src/runtime/services.js'
import { bundle, startChild } from './fixtures/children.js'
import { runtimeLayer, tempDir } from './fixtures.js'
import {
  addLoot,
  foldEverything,
  mostCollectedProjection,
  originsProjection,
} from './fixtures/lootProjections.js'
import type { FullStore } from './stores.js'
import { adapters, scopedFileStore } from './stores.js'

const waitUntil = <E, R>(condition: Effect.Effect<boolean, E, R>) =>
  Effect.repeat(condition, { until: (done) => done, schedule: Schedule.spaced('5 millis') })

/** Runs `effect` on the file store in `dir`, opened for it and closed afterwards. */
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

const isCheckpointOf = (name: string) => (line: unknown) =>
  (line as { readonly name?: unknown }).name === name &&
  ((line as { readonly position?: unknown }).position as number) > 0

describe('projections over the file store, in a child process', () => {
  it.live(
    'killed with SIGKILL mid-way and restarted in a new process, the loot views equal a fold over all events',
    () => {
      const temp = tempDir('projection-crash')
      return Effect.gen(function* () {
        const child = yield* Effect.promise(() => bundle('projectionRunner.ts'))
        yield* Effect.addFinalizer(() => Effect.sync(child.remove))
        yield* onFileStore(temp.dir, 1, addLoot(0, 300))

        // Process 1: runs the projections slowly; killed once both have saved a checkpoint.
        const runner = startChild(child.path, [temp.dir, 'follow', '5'])
        yield* Effect.addFinalizer(() => Effect.sync(() => runner.process.kill('SIGKILL')))
        yield* Effect.promise(() =>
          Promise.all([
            runner.waitForLine(isCheckpointOf(mostCollectedProjection.name)),
            runner.waitForLine(isCheckpointOf(originsProjection.name)),
          ]),
        )
        runner.process.kill('SIGKILL')
        const killed = yield* Effect.promise(() => runner.exited)
        assert.strictEqual(killed.signal, 'SIGKILL')

        // It stopped mid-way: each checkpoint is strictly between 0 and the head.
        yield* onFileStore(
          temp.dir,
          2,
          Effect.gen(function* () {
            const head = yield* (yield* EventStoreService).events.headPosition()
            const positions = {
              [mostCollectedProjection.name]: (yield* loadProjection(mostCollectedProjection))
                .position,
              [originsProjection.name]: (yield* loadProjection(originsProjection)).position,
            }
            for (const [name, position] of Object.entries(positions)) {
              assert.isAbove(position, 0, name)
              assert.isBelow(position, head, name)
            }
            yield* addLoot(300, 340)
          }),
        )

        // Process 2: a new process resumes from the checkpoints and catches up.
        const restarted = startChild(child.path, [temp.dir, 'catch-up'])
        const done = yield* Effect.promise(() => restarted.exited)
        assert.strictEqual(done.code, 0, restarted.stderr())

        yield* onFileStore(
          temp.dir,
          3,
          Effect.gen(function* () {
            const expected = yield* foldEverything
            const head = yield* (yield* EventStoreService).events.headPosition()
            const a = yield* loadProjection(mostCollectedProjection)
            const b = yield* loadProjection(originsProjection)
            assert.deepStrictEqual(a.readModel, expected.mostCollected)
            assert.deepStrictEqual(b.readModel, expected.origins)
            assert.strictEqual(a.position, head)
            assert.strictEqual(b.position, head)
            const rebuilt = yield* rebuildProjection(mostCollectedProjection)
            assert.deepStrictEqual(rebuilt.readModel, expected.mostCollected)
          }),
        )
      }).pipe(Effect.scoped, Effect.ensuring(Effect.sync(temp.remove)))
    },
  )
})

/** The store, whose checkpoint saves fail (as a lost connection would) after `saves` of them. */
const failingCheckpointsAfter = (store: FullStore, saves: number): FullStore => {
  let left = saves
  return {
    ...store,
    saveCheckpoint: (checkpoint) =>
      Effect.suspend(() =>
        left-- > 0
          ? store.saveCheckpoint(checkpoint)
          : Effect.fail(storeUnavailable('connection terminated (test)')),
      ),
  }
}

for (const adapter of adapters) {
  describe(`projections and sagas (${adapter.name})`, () => {
    it.live(
      'a runner that died part-way resumes from its checkpoint: none skipped, none applied twice',
      () =>
        Effect.scoped(
          Effect.gen(function* () {
            const store = yield* adapter.open
            yield* addLoot(0, 60).pipe(Effect.provide(runtimeLayer(store)))
            const dying = Layer.succeed(
              EventStoreService,
              makeRuntimeStore(failingCheckpointsAfter(store, 3)),
            )
            // Retries bounded, so the store that stays down stops the runner.
            const died = yield* Effect.flip(
              runProjection(mostCollectedProjection, {
                reconnect: { initialDelayMs: 1, maxRetries: 2 },
              }).pipe(Effect.provide(dying)),
            )
            assert.strictEqual(died._tag, 'StoreUnavailable')
            yield* Effect.gen(function* () {
              const head = yield* (yield* EventStoreService).events.headPosition()
              const partial = yield* loadProjection(mostCollectedProjection)
              assert.isAbove(partial.position, 0)
              assert.isBelow(partial.position, head)
              yield* addLoot(60, 70)
              const resumed = yield* runProjection(mostCollectedProjection, {
                stopWhenCaughtUp: true,
              })
              assert.deepStrictEqual(resumed.readModel, (yield* foldEverything).mostCollected)
              assert.strictEqual(
                resumed.position,
                yield* (yield* EventStoreService).events.headPosition(),
              )
            }).pipe(Effect.provide(runtimeLayer(store, 2)))
          }),
        ),
    )

    it.live('a running projection follows events appended after it caught up', () =>
      Effect.gen(function* () {
        yield* addLoot(0, 3)
        const fiber = yield* Effect.forkChild(runProjection(originsProjection))
        yield* waitUntil(Effect.map(loadProjection(originsProjection), (p) => p.position >= 3))
        yield* addLoot(3, 9)
        const head = yield* (yield* EventStoreService).events.headPosition()
        yield* waitUntil(Effect.map(loadProjection(originsProjection), (p) => p.position === head))
        yield* Fiber.interrupt(fiber)
        assert.deepStrictEqual(
          (yield* loadProjection(originsProjection)).readModel,
          (yield* foldEverything).origins,
        )
      }).pipe(Effect.provide(adapter.layer)),
    )

    it.effect(
      'a saga handles commands on other streams with the triggering event as causation, once',
      () =>
        Effect.gen(function* () {
          yield* commandHandler(bankAccount, bankEventCodec).handle('reward', {
            type: 'OpenAccount',
            accountId: 'reward',
            owner: 'guild',
            initialBalance: 0,
          })
          yield* commandHandler(lootInventory, lootEventCodec).handle('bag-1', {
            type: 'AddItem',
            item: { name: 'crown', rarity: 'legendary', origin: 'tower' },
          })
          yield* commandHandler(lootInventory, lootEventCodec).handle('bag-1', {
            type: 'AddItem',
            item: { name: 'stick', rarity: 'common', origin: 'forest' },
          })
          const saga = {
            name: 'legendary-reward',
            codec: lootEventCodec,
            saga: {
              react: (event: LootEvent) =>
                event.type === 'ItemAdded' && event.item.rarity === 'legendary' ? [100] : [],
            },
            dispatch: (
              amount: number,
              context: {
                readonly causationId: string
                readonly correlationId: string
                readonly commandId: string
              },
            ) =>
              commandHandler(bankAccount, bankEventCodec).handle(
                'reward',
                { type: 'Deposit', amount },
                context,
              ),
          }
          yield* runSaga(saga, { stopWhenCaughtUp: true })
          const { events, checkpoints } = yield* EventStoreService
          const trigger = (yield* events.readStream('bag-1'))[0]
          const rewards = yield* events.readStream('reward')
          assert.strictEqual(rewards.length, 2)
          assert.strictEqual(rewards[1]?.metadata.causationId, trigger?.eventId)
          // A runner that lost its checkpoint replays the events: idempotent handling appends nothing.
          yield* checkpoints!.saveCheckpoint({
            name: 'saga:legendary-reward',
            position: 0,
            readModel: null,
          })
          yield* runSaga(saga, { stopWhenCaughtUp: true })
          assert.strictEqual((yield* events.readStream('reward')).length, 2)
        }).pipe(Effect.provide(adapter.layer)),
    )
  })
}
