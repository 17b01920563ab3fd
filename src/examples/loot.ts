/**
 * The loot inventory: a game character's bag, with two read-side views (most collected items,
 * origins per item) folded from the same events.
 *
 * @since 0.1.0
 */
import type { Either } from 'fp-ts/lib/Either.js'
import { left, right } from 'fp-ts/lib/Either.js'
import type { Decider } from '../kernel/Decider.js'
import type { View } from '../kernel/View.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How rare an item is.
 *
 * @category model
 * @since 0.1.0
 */
export type Rarity = 'common' | 'uncommon' | 'rare' | 'epic' | 'legendary'

/**
 * An item of loot: what it is, how rare, and where it was found.
 *
 * @category model
 * @since 0.1.0
 */
export interface Item {
  readonly name: string
  readonly rarity: Rarity
  readonly origin: string
}

/**
 * What a player does with the bag.
 *
 * @category model
 * @since 0.1.0
 */
export type LootCommand =
  | { readonly type: 'AddItem'; readonly item: Item }
  | { readonly type: 'RemoveItem'; readonly name: string }
  | { readonly type: 'ClearInventory' }

/**
 * What happened to the bag.
 *
 * @category model
 * @since 0.1.0
 */
export type LootEvent =
  | { readonly type: 'ItemAdded'; readonly item: Item }
  | { readonly type: 'ItemRemoved'; readonly name: string }
  | { readonly type: 'InventoryCleared' }

/**
 * Why a command was refused.
 *
 * @category model
 * @since 0.1.0
 */
export type LootRejection = { readonly _tag: 'ItemNotHeld'; readonly name: string }

/**
 * The items held, oldest first. Removing an item by name removes the oldest one of that name.
 *
 * @category model
 * @since 0.1.0
 */
export interface LootState {
  readonly items: ReadonlyArray<Item>
}

/**
 * The empty bag.
 *
 * @category constants
 * @since 0.1.0
 */
export const initialLootState: LootState = { items: [] }

// -------------------------------------------------------------------------------------
// decider
// -------------------------------------------------------------------------------------

const decideLoot = (
  command: LootCommand,
  state: LootState,
): Either<LootRejection, ReadonlyArray<LootEvent>> => {
  switch (command.type) {
    case 'AddItem':
      return right([
        {
          type: 'ItemAdded',
          item: {
            name: command.item.name,
            rarity: command.item.rarity,
            origin: command.item.origin,
          },
        },
      ])
    case 'RemoveItem':
      return state.items.some((item) => item.name === command.name)
        ? right([{ type: 'ItemRemoved', name: command.name }])
        : left({ _tag: 'ItemNotHeld', name: command.name })
    case 'ClearInventory':
      // Clearing an empty bag changes nothing, so it records nothing.
      return right(state.items.length === 0 ? [] : [{ type: 'InventoryCleared' }])
  }
}

const evolveLoot = (state: LootState, event: LootEvent): LootState => {
  switch (event.type) {
    case 'ItemAdded':
      return { items: [...state.items, event.item] }
    case 'ItemRemoved': {
      const index = state.items.findIndex((item) => item.name === event.name)
      if (index < 0) return state
      return { items: [...state.items.slice(0, index), ...state.items.slice(index + 1)] }
    }
    case 'InventoryCleared':
      return initialLootState
  }
}

/**
 * The loot inventory decider. Removing an item that is not held is rejected with
 * `ItemNotHeld`; clearing an empty bag records nothing.
 *
 * @category deciders
 * @since 0.1.0
 */
export const lootInventory: Decider<LootCommand, LootState, LootEvent, LootRejection> = {
  initialState: initialLootState,
  decide: decideLoot,
  evolve: evolveLoot,
}

// -------------------------------------------------------------------------------------
// views
// -------------------------------------------------------------------------------------

/**
 * Times each item name was ever added (removals do not lower it).
 *
 * @category views
 * @since 0.1.0
 */
export type MostCollectedState = ReadonlyMap<string, number>

/**
 * The most-collected view: counts every `ItemAdded` by item name.
 *
 * @category views
 * @since 0.1.0
 */
export const mostCollected: View<MostCollectedState, LootEvent> = {
  initialState: new Map(),
  evolve: (state, event) => {
    if (event.type !== 'ItemAdded') return state
    const next = new Map(state)
    next.set(event.item.name, (state.get(event.item.name) ?? 0) + 1)
    return next
  },
}

/**
 * One row of the most-collected ranking.
 *
 * @category views
 * @since 0.1.0
 */
export interface CollectedCount {
  readonly name: string
  readonly count: number
}

/**
 * The `n` most-collected item names, most first; ties go in name order so the ranking is
 * deterministic.
 *
 * @category views
 * @since 0.1.0
 */
export const topN = (state: MostCollectedState, n: number): ReadonlyArray<CollectedCount> =>
  Array.from(state, ([name, count]): CollectedCount => ({ name, count }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, Math.max(0, n))

/**
 * Every distinct origin each item name was found at, in order of first finding.
 *
 * @category views
 * @since 0.1.0
 */
export type OriginsByItemState = ReadonlyMap<string, ReadonlyArray<string>>

/**
 * The origins view: where each item name has been found.
 *
 * @category views
 * @since 0.1.0
 */
export const originsByItem: View<OriginsByItemState, LootEvent> = {
  initialState: new Map(),
  evolve: (state, event) => {
    if (event.type !== 'ItemAdded') return state
    const { name, origin } = event.item
    const known = state.get(name) ?? []
    if (known.includes(origin)) return state
    const next = new Map(state)
    next.set(name, [...known, origin])
    return next
  },
}
