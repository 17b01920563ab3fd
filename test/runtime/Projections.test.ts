import { assert, describe, it } from '@effect/vitest'
import { Effect, Fiber, Layer, Schedule } from 'effect'
import { right } from 'fp-ts/lib/Either.js'
import { bankAccount } from '../../docs/examples/bank.js'
import { bankEventCodec } from '../../docs/examples/bank.codec.js'
import type {
  Item,
  LootEvent,
  MostCollectedState,
  OriginsByItemState,
} from '../../docs/examples/loot.js'
import { lootInventory, mostCollected, originsByItem } from '../../docs/examples/loot.js'
import { lootEventCodec } from '../../docs/examples/loot.codec.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import type { Json } from '../../src/codec/RecordedEvent.js'
import { foldFrom } from '../../src/kernel/Decider.js'
import type { Projection } from '../../src/runtime/index.js'
import {
  EventStoreService,
  handle,
  loadProjection,
  rebuildProjection,
  runProjection,
  runSaga,
} from '../../src/runtime/index.js'
import { tempDir } from './fixtures.js'
import { runtimeLayer, scopedFileStore } from './stores.js'

const mostCollectedProjection: Projection<MostCollectedState, LootEvent> = {
  name: 'most-collected',
  view: mostCollected,
  codec: lootEventCodec,
  readModel: {
    encode: (state) => [...state.entries()].map(([name, count]) => [name, count]),
    decode: (json) => right(new Map(json as ReadonlyArray<[string, number]>)),
  },
  pageSize: 7,
}

const originsProjection: Projection<OriginsByItemState, LootEvent> = {
  name: 'origins-by-item',
  view: originsByItem,
  codec: lootEventCodec,
  readModel: {
    encode: (state) => [...state.entries()].map(([name, origins]) => [name, [...origins]] as Json),
    decode: (json) => right(new Map(json as ReadonlyArray<[string, ReadonlyArray<string>]>)),
  },
  pageSize: 5,
}

const names = ['sword', 'shield', 'gem', 'potion', 'bow', 'ring']
const origins = ['crypt', 'mine', 'forest', 'tower']
const item = (i: number): Item => ({
  name: names[(i * 7) % names.length] as string,
  rarity: 'rare',
  origin: origins[(i * 3) % origins.length] as string,
})

/** Loot on several bags, interleaved with bank events the projections must pass over. */
const addLoot = (from: number, to: number) =>
  Effect.gen(function* () {
    for (let i = from; i < to; i++) {
      yield* handle(lootInventory, lootEventCodec, `bag-${i % 5}`, {
        type: 'AddItem',
        item: item(i),
      })
      if (i % 10 === 0)
        yield* handle(bankAccount, bankEventCodec, `acc-${i}`, {
          type: 'OpenAccount',
          accountId: `acc-${i}`,
          owner: 'x',
          initialBalance: 1,
        })
    }
  })

/** The reference: both views folded over every loot event in the store. */
const foldEverything = Effect.gen(function* () {
  const { events } = yield* EventStoreService
  const loot: Array<LootEvent> = []
  for (const record of yield* events.readAll()) {
    const decoded = lootEventCodec.decode(record)
    if (decoded._tag === 'Right') loot.push(decoded.right)
  }
  return {
    mostCollected: foldFrom(mostCollected)(mostCollected.initialState, loot),
    origins: foldFrom(originsByItem)(originsByItem.initialState, loot),
  }
})

const waitUntil = <E, R>(condition: Effect.Effect<boolean, E, R>) =>
  Effect.repeat(condition, { until: (done) => done, schedule: Schedule.spaced('5 millis') })

describe('projections over the file store', () => {
  it.live(
    'interrupted mid-way and restarted in a new process, the loot views equal a fold over all events',
    () => {
      const temp = tempDir('projection')
      return Effect.gen(function* () {
        // Process 1: write, start the projections, kill them part-way through.
        yield* Effect.scoped(
          Effect.gen(function* () {
            const store = yield* scopedFileStore(temp.dir)
            yield* Effect.gen(function* () {
              yield* addLoot(0, 60)
              const fiberA = yield* Effect.forkChild(runProjection(mostCollectedProjection))
              const fiberB = yield* Effect.forkChild(runProjection(originsProjection))
              yield* waitUntil(
                Effect.map(loadProjection(mostCollectedProjection), (p) => p.position > 14),
              )
              yield* Fiber.interrupt(fiberA)
              yield* Fiber.interrupt(fiberB)
              const partial = yield* loadProjection(mostCollectedProjection)
              assert.isTrue(partial.position > 14)
            }).pipe(Effect.provide(runtimeLayer(store)))
          }),
        )
        // Process 2: reopen, write more, resume, compare.
        yield* Effect.scoped(
          Effect.gen(function* () {
            const store = yield* scopedFileStore(temp.dir)
            yield* Effect.gen(function* () {
              yield* addLoot(60, 80)
              const a = yield* runProjection(mostCollectedProjection, { stopWhenCaughtUp: true })
              const b = yield* runProjection(originsProjection, { stopWhenCaughtUp: true })
              const expected = yield* foldEverything
              assert.deepStrictEqual(a.readModel, expected.mostCollected)
              assert.deepStrictEqual(b.readModel, expected.origins)
              assert.strictEqual(
                a.position,
                yield* (yield* EventStoreService).events.headPosition(),
              )
              const rebuilt = yield* rebuildProjection(mostCollectedProjection)
              assert.deepStrictEqual(rebuilt.readModel, expected.mostCollected)
            }).pipe(Effect.provide(runtimeLayer(store)))
          }),
        )
      }).pipe(Effect.ensuring(Effect.sync(temp.remove)))
    },
  )

  it.live('a running projection follows events appended after it caught up', () =>
    Effect.scoped(
      Effect.gen(function* () {
        const store = yield* scopedFileStore()
        yield* Effect.gen(function* () {
          yield* addLoot(0, 3)
          const fiber = yield* Effect.forkChild(runProjection(mostCollectedProjection))
          yield* waitUntil(
            Effect.map(loadProjection(mostCollectedProjection), (p) => p.position >= 3),
          )
          yield* addLoot(3, 9)
          const head = yield* (yield* EventStoreService).events.headPosition()
          yield* waitUntil(
            Effect.map(loadProjection(mostCollectedProjection), (p) => p.position === head),
          )
          yield* Fiber.interrupt(fiber)
          assert.deepStrictEqual(
            (yield* loadProjection(mostCollectedProjection)).readModel,
            (yield* foldEverything).mostCollected,
          )
        }).pipe(Effect.provide(runtimeLayer(store)))
      }),
    ),
  )
})

describe('sagas', () => {
  it.effect(
    'a saga handles commands on other streams with the triggering event as causation, once',
    () =>
      Effect.gen(function* () {
        yield* handle(bankAccount, bankEventCodec, 'reward', {
          type: 'OpenAccount',
          accountId: 'reward',
          owner: 'guild',
          initialBalance: 0,
        })
        yield* handle(lootInventory, lootEventCodec, 'bag-1', {
          type: 'AddItem',
          item: { name: 'crown', rarity: 'legendary', origin: 'tower' },
        })
        yield* handle(lootInventory, lootEventCodec, 'bag-1', {
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
          ) => handle(bankAccount, bankEventCodec, 'reward', { type: 'Deposit', amount }, context),
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
      }).pipe(Effect.provide(Layer.suspend(() => runtimeLayer(makeMemoryStore())))),
  )
})
