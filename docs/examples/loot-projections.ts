/**
 * The read-models walkthrough (docs/read-models.md): the loot inventory's two views folded in
 * one pass with the kernel, then kept as a projection over a store by the runtime. Imports sit
 * with the region that uses them, so each quoted region reads on its own. Run by
 * loot-projections.test.ts.
 *
 * @since 0.1.0
 */
// #region combine
import { combine, fold } from '../../src/index.js'
import type { View } from '../../src/index.js'
import type { MostCollectedState, OriginsByItemState, LootEvent } from '../../src/examples/loot.js'
import { mostCollected, originsByItem } from '../../src/examples/loot.js'

/** Both read models of the loot inventory: counts by item name, and origins by item name. */
export type LootReadModel = readonly [MostCollectedState, OriginsByItemState]

/** Every event goes to both views; the state is the pair of their states. */
export const lootViews: View<LootReadModel, LootEvent> = combine(mostCollected, originsByItem)

/** Folds a history into both read models in one pass. */
export const foldLootViews = fold(lootViews)
// #endregion combine

// #region projection
import * as t from 'io-ts'
import { right } from 'fp-ts/lib/Either.js'
import { ReadonlyMapFromEntries } from '../../src/codec/index.js'
import type { Projection, ReadModelCodec } from '../../src/runtime/index.js'
import { lootEventCodec } from '../../src/examples/loot.codec.js'

/** The read models as JSON: each map as its `[key, value]` entries. */
const LootReadModelJson = t.type({
  mostCollected: ReadonlyMapFromEntries(t.string, t.number),
  originsByItem: ReadonlyMapFromEntries(t.string, t.readonlyArray(t.string)),
})

/** How the checkpoint stores the read models (an io-ts codec does the work). */
export const lootReadModelCodec: ReadModelCodec<LootReadModel> = {
  encode: ([counts, origins]) =>
    LootReadModelJson.encode({ mostCollected: counts, originsByItem: origins }),
  decode: (json) => {
    const decoded = LootReadModelJson.decode(json)
    if (decoded._tag === 'Left') return decoded
    return right([decoded.right.mostCollected, decoded.right.originsByItem])
  },
}

/** The loot views of every inventory in the store, saved with their checkpoint. */
export const lootProjection: Projection<LootReadModel, LootEvent> = {
  name: 'loot-views',
  codec: lootEventCodec,
  streams: (streamId) => streamId.startsWith('inventory-'),
  view: lootViews,
  readModel: lootReadModelCodec,
}
// #endregion projection

// #region handle
import { Effect } from 'effect'
import { commandHandler } from '../../src/runtime/index.js'
import type { LootCommand } from '../../src/examples/loot.js'
import { lootInventory } from '../../src/examples/loot.js'

/** The inventories' handler: the decider bound to its codec, once. */
const inventories = commandHandler(lootInventory, lootEventCodec)

/** One command on one player's inventory. */
export const handleLoot = (player: string, command: LootCommand) =>
  inventories.handle(`inventory-${player}`, command)

/** Several commands on one player's inventory, one after another. */
export const handleAllLoot = (player: string, commands: ReadonlyArray<LootCommand>) =>
  Effect.forEach(commands, (command) => handleLoot(player, command), { discard: true })
// #endregion handle
