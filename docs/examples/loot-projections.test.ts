import { assert, describe, it } from '@effect/vitest'
import { Effect } from 'effect'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import { fold } from '../../src/index.js'
import {
  EventStoreService,
  loadProjection,
  rebuildProjection,
  runProjection,
} from '../../src/runtime/index.js'
import type { LootEvent } from '../../src/examples/loot.js'
import { mostCollected, originsByItem, topN } from '../../src/examples/loot.js'
import { lootEventCodec } from '../../src/examples/loot.codec.js'
import { foldLootViews, handleAllLoot, lootProjection } from './loot-projections.js'

describe('docs/read-models.md walkthrough', () => {
  it('folds the loot views with the kernel', () => {
    // #region fold
    const history: ReadonlyArray<LootEvent> = [
      { type: 'ItemAdded', item: { name: 'sword', rarity: 'common', origin: 'cave' } },
      { type: 'ItemAdded', item: { name: 'potion', rarity: 'common', origin: 'shop' } },
      { type: 'ItemAdded', item: { name: 'sword', rarity: 'rare', origin: 'dragon' } },
      { type: 'ItemRemoved', name: 'potion' },
      { type: 'ItemAdded', item: { name: 'sword', rarity: 'common', origin: 'cave' } },
    ]

    const [counts, origins] = foldLootViews(history)

    assert.deepStrictEqual(topN(counts, 2), [
      { name: 'sword', count: 3 },
      { name: 'potion', count: 1 },
    ])
    assert.deepStrictEqual(origins.get('sword'), ['cave', 'dragon'])
    // #endregion fold
    // The halves of the combined fold are the folds of each view.
    assert.deepStrictEqual(counts, fold(mostCollected)(history))
    assert.deepStrictEqual(origins, fold(originsByItem)(history))
  })

  it.effect('keeps the views as a projection, resumes it, and rebuilds it from the events', () =>
    Effect.gen(function* () {
      // #region run
      yield* handleAllLoot('ada', [
        { type: 'AddItem', item: { name: 'sword', rarity: 'common', origin: 'cave' } },
        { type: 'AddItem', item: { name: 'potion', rarity: 'common', origin: 'shop' } },
        { type: 'RemoveItem', name: 'potion' },
      ])
      yield* handleAllLoot('grace', [
        { type: 'AddItem', item: { name: 'sword', rarity: 'rare', origin: 'dragon' } },
        { type: 'AddItem', item: { name: 'shield', rarity: 'epic', origin: 'dragon' } },
      ])

      // Folds the five events, then saves the read models and position 5 together.
      const caughtUp = yield* runProjection(lootProjection, { stopWhenCaughtUp: true })
      assert.strictEqual(caughtUp.position, 5)
      assert.deepStrictEqual(topN(caughtUp.readModel[0], 1), [{ name: 'sword', count: 2 }])

      // Later: one more event. The next run starts after position 5 and applies only it.
      yield* handleAllLoot('ada', [
        { type: 'AddItem', item: { name: 'shield', rarity: 'common', origin: 'shop' } },
      ])
      const resumed = yield* runProjection(lootProjection, { stopWhenCaughtUp: true })
      assert.strictEqual(resumed.position, 6)
      assert.deepStrictEqual(resumed.readModel[1].get('shield'), ['dragon', 'shop'])

      // A reader (a web handler, say) loads the saved read models without folding anything.
      const saved = yield* loadProjection(lootProjection)
      assert.deepStrictEqual(saved, resumed)

      // After changing a view, or to check one: forget it and fold every event again.
      const rebuilt = yield* rebuildProjection(lootProjection)
      assert.deepStrictEqual(rebuilt, resumed)
      // #endregion run

      // The projection's read model is the kernel's fold of every decoded event.
      const { events } = yield* EventStoreService
      const records = yield* events.readAll()
      const decoded = records.map((record) => {
        const event = lootEventCodec.decode(record)
        if (event._tag === 'Left') throw new Error('undecodable loot event')
        return event.right
      })
      assert.deepStrictEqual(rebuilt.readModel, foldLootViews(decoded))

      // #region checkpoint
      const { checkpoints } = yield* EventStoreService
      const checkpoint = yield* checkpoints!.loadCheckpoint('loot-views')
      assert.deepStrictEqual(checkpoint, {
        name: 'loot-views',
        position: 6,
        readModel: {
          mostCollected: [
            ['sword', 2],
            ['potion', 1],
            ['shield', 2],
          ],
          originsByItem: [
            ['sword', ['cave', 'dragon']],
            ['potion', ['shop']],
            ['shield', ['dragon', 'shop']],
          ],
        },
      })
      // #endregion checkpoint
    }).pipe(Effect.provide(EventStoreService.layer(makeMemoryStore()))),
  )

  it.effect(
    'a projection whose saved read model is unreadable fails with ReadModelUnreadable',
    () =>
      Effect.gen(function* () {
        const { checkpoints } = yield* EventStoreService
        yield* checkpoints!.saveCheckpoint({
          name: 'loot-views',
          position: 3,
          readModel: { mostCollected: 'not entries' },
        })
        const failed = yield* Effect.flip(loadProjection(lootProjection))
        assert.strictEqual(failed._tag, 'ReadModelUnreadable')
      }).pipe(Effect.provide(EventStoreService.layer(makeMemoryStore()))),
  )
})
