import { describe, expect, it } from 'vitest'
import type { Item, LootEvent } from '../../src/examples/loot.js'
import { lootInventory, mostCollected, originsByItem, topN } from '../../src/examples/loot.js'
import { fold } from '../../src/kernel/Decider.js'
import { specFor } from '../../src/testing/index.js'

const { given } = specFor(lootInventory)

const sword: Item = { name: 'sword', rarity: 'rare', origin: 'dragon lair' }
const swordFromMerchant: Item = { name: 'sword', rarity: 'common', origin: 'merchant' }
const potion: Item = { name: 'potion', rarity: 'common', origin: 'merchant' }
const added = (item: Item): LootEvent => ({ type: 'ItemAdded', item })

describe('loot inventory: AddItem', () => {
  it('adds an item', () => {
    const { state } = given()
      .when({ type: 'AddItem', item: sword })
      .then([added(sword)])
    expect(state.items).toEqual([sword])
  })
})

describe('loot inventory: RemoveItem', () => {
  it('removes the oldest held item of that name', () => {
    given([added(sword), added(potion), added(swordFromMerchant)])
      .when({ type: 'RemoveItem', name: 'sword' })
      .thenState({ items: [potion, swordFromMerchant] })
  })
  it('rejects removing an item that is not held', () => {
    given([added(potion)])
      .when({ type: 'RemoveItem', name: 'sword' })
      .thenRejects({ _tag: 'ItemNotHeld', name: 'sword' })
    given([added(sword), { type: 'ItemRemoved', name: 'sword' }])
      .when({ type: 'RemoveItem', name: 'sword' })
      .thenRejects({ _tag: 'ItemNotHeld', name: 'sword' })
  })
})

describe('loot inventory: ClearInventory', () => {
  it('clears a bag that holds items', () => {
    given([added(sword), added(potion)])
      .when({ type: 'ClearInventory' })
      .then([{ type: 'InventoryCleared' }])
  })
  it('clearing an empty bag records nothing', () => {
    given().when({ type: 'ClearInventory' }).thenNothingHappens()
  })
})

describe('loot views', () => {
  const history: ReadonlyArray<LootEvent> = [
    added(sword),
    added(potion),
    added(swordFromMerchant),
    { type: 'ItemRemoved', name: 'sword' },
    added(potion),
    added({ name: 'amulet', rarity: 'epic', origin: 'quest' }),
    { type: 'InventoryCleared' },
    added(sword),
  ]

  it('mostCollected counts every addition, removals and clears included', () => {
    const counts = fold(mostCollected)(history)
    expect(topN(counts, 2)).toEqual([
      { name: 'sword', count: 3 },
      { name: 'potion', count: 2 },
    ])
    expect(topN(counts, 10)).toHaveLength(3)
    expect(topN(counts, 0)).toEqual([])
  })
  it('topN breaks ties by name', () => {
    const counts = fold(mostCollected)([
      added(potion),
      added(sword),
      added({ ...potion, name: 'bow' }),
    ])
    expect(topN(counts, 3).map((row) => row.name)).toEqual(['bow', 'potion', 'sword'])
  })
  it('originsByItem lists each distinct origin once, in order of first finding', () => {
    const origins = fold(originsByItem)(history)
    expect(origins.get('sword')).toEqual(['dragon lair', 'merchant'])
    expect(origins.get('potion')).toEqual(['merchant'])
    expect(origins.get('amulet')).toEqual(['quest'])
    expect(origins.has('bow')).toBe(false)
  })
})
