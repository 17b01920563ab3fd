/**
 * The loot inventory's codecs: its events, with their history, and its state.
 *
 * History: `ItemAdded` v1 held the item as a bare name (`{ item: 'sword' }`); v2 holds the
 * whole item (`{ item: { name, rarity, origin } }`), and the upcaster gives v1 records rarity
 * 'common' and origin 'unknown'.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import type { CommandCodec, StateCodec } from '../codec/index.js'
import { commandCodec, eventCodec, stateCodec, versions } from '../codec/index.js'
import type { Item, LootCommand, LootEvent, LootState } from './loot.js'

/**
 * An item of loot.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ItemCodec = t.type(
  {
    name: t.string,
    rarity: t.keyof({ common: null, uncommon: null, rare: null, epic: null, legendary: null }),
    origin: t.string,
  },
  'Item',
)

/**
 * `ItemAdded` as first written: the item's bare name.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ItemAddedV1 = t.type({ item: t.string }, 'ItemAddedV1')

/**
 * `ItemAdded` now: the whole item.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ItemAddedV2 = t.type({ item: ItemCodec }, 'ItemAddedV2')

/**
 * What a v1 item name becomes: a common item of unknown origin.
 *
 * @category upcasters
 * @since 0.1.0
 */
export const itemFromName = (name: string): Item => ({
  name,
  rarity: 'common',
  origin: 'unknown',
})

/**
 * The codec of every loot event, current and historic.
 *
 * @category codecs
 * @since 0.1.0
 */
export const lootEventCodec = eventCodec<LootEvent>()({
  ItemAdded: versions(ItemAddedV1).upcastTo(ItemAddedV2, (v1) => ({ item: itemFromName(v1.item) })),
  ItemRemoved: versions(t.type({ name: t.string }, 'ItemRemoved')),
  InventoryCleared: versions(t.type({}, 'InventoryCleared')),
})

/**
 * The codec of a loot inventory's snapshot (state version 1).
 *
 * @category codecs
 * @since 0.1.0
 */
export const lootStateCodec: StateCodec<LootState> = stateCodec({
  version: 1,
  name: 'LootState',
  codec: t.type({ items: t.readonlyArray(ItemCodec) }),
})

/**
 * The codec of every loot command, for commands that arrive as JSON.
 *
 * @category codecs
 * @since 0.1.0
 */
export const lootCommandCodec: CommandCodec<LootCommand> = commandCodec<LootCommand>()({
  AddItem: t.type({ item: ItemCodec }),
  RemoveItem: t.type({ name: t.string }),
  ClearInventory: t.type({}),
})
