/**
 * fast-check arbitraries for the example domains: commands (mostly valid, so histories folded
 * from them grow deep, with a share of invalid ones to exercise every rejection) and events
 * (any well-formed event, reachable or not, for codec round trips).
 *
 * @since 0.1.0
 */
import * as fc from 'fast-check'
import type { BankCommand, BankEvent } from '../../src/examples/bank.js'
import type { CargoCommand, CargoEvent } from '../../src/examples/cargo.js'
import type { Item, LootCommand, LootEvent, Rarity } from '../../src/examples/loot.js'

// -------------------------------------------------------------------------------------
// shared
// -------------------------------------------------------------------------------------

/** Positive amounts in minor units. */
const positiveAmount = fc.integer({ min: 1, max: 5_000 })

/** Smaller amounts for what goes out, so that most withdrawals and unloads find enough. */
const smallAmount = fc.integer({ min: 1, max: 500 })

/** Amounts a careless caller might send: zero, negative, fractional, not finite, too large. */
const invalidAmount = fc.oneof(
  fc.constantFrom(0, -1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1),
  fc.integer({ min: -1_000_000, max: -1 }),
)

/** An amount that is usually valid. */
const mostlyValid = (valid: fc.Arbitrary<number>): fc.Arbitrary<number> =>
  fc.oneof({ arbitrary: valid, weight: 14 }, { arbitrary: invalidAmount, weight: 1 })

// -------------------------------------------------------------------------------------
// bank
// -------------------------------------------------------------------------------------

const currency = fc.constantFrom('EUR', 'USD', 'GBP', 'JPY')
const accountId = fc.constantFrom('acc-1', 'acc-2', 'acc-3')
const owner = fc.constantFrom('Ada', 'Grace', 'Edsger', 'Barbara')

const openAccount: fc.Arbitrary<BankCommand> = fc
  .tuple(
    accountId,
    owner,
    fc.integer({ min: 0, max: 10_000 }),
    fc.option(currency, { nil: undefined }),
  )
  .map(([id, name, initialBalance, cur]): BankCommand =>
    cur === undefined
      ? { type: 'OpenAccount', accountId: id, owner: name, initialBalance }
      : { type: 'OpenAccount', accountId: id, owner: name, initialBalance, currency: cur },
  )

/**
 * Bank commands, weighted towards deposits and withdrawals; `CloseAccount` is rare because a
 * closed account is terminal and ends the interesting part of a history.
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const bankCommandArbitrary: fc.Arbitrary<BankCommand> = fc.oneof(
  { arbitrary: openAccount, weight: 4 },
  {
    arbitrary: mostlyValid(positiveAmount).map((amount): BankCommand => ({
      type: 'Deposit',
      amount,
    })),
    weight: 10,
  },
  {
    arbitrary: mostlyValid(smallAmount).map((amount): BankCommand => ({
      type: 'Withdraw',
      amount,
    })),
    weight: 10,
  },
  { arbitrary: fc.constant<BankCommand>({ type: 'CloseAccount' }), weight: 1 },
)

/**
 * Any well-formed bank event (reachable or not).
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const bankEventArbitrary: fc.Arbitrary<BankEvent> = fc.oneof(
  fc
    .tuple(accountId, owner, fc.integer({ min: 0, max: 10_000 }), currency)
    .map(([id, name, initialBalance, cur]): BankEvent => ({
      type: 'AccountOpened',
      accountId: id,
      owner: name,
      initialBalance,
      currency: cur,
    })),
  fc
    .tuple(positiveAmount, currency)
    .map(([amount, cur]): BankEvent => ({ type: 'MoneyDeposited', amount, currency: cur })),
  positiveAmount.map((amount): BankEvent => ({ type: 'MoneyWithdrawn', amount })),
  fc.constant<BankEvent>({ type: 'AccountClosed' }),
)

// -------------------------------------------------------------------------------------
// loot
// -------------------------------------------------------------------------------------

const itemName = fc.constantFrom('sword', 'shield', 'potion', 'bow', 'amulet', 'ring')
const rarity = fc.constantFrom<Rarity>('common', 'uncommon', 'rare', 'epic', 'legendary')
const origin = fc.constantFrom('goblin cave', 'dragon lair', 'merchant', 'chest', 'quest')

/**
 * An item from a small pool of names, so removals usually find what was added.
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const itemArbitrary: fc.Arbitrary<Item> = fc
  .tuple(itemName, rarity, origin)
  .map(([name, r, o]): Item => ({ name, rarity: r, origin: o }))

/**
 * Loot commands, weighted towards adding items; clearing is rare.
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const lootCommandArbitrary: fc.Arbitrary<LootCommand> = fc.oneof(
  { arbitrary: itemArbitrary.map((item): LootCommand => ({ type: 'AddItem', item })), weight: 6 },
  { arbitrary: itemName.map((name): LootCommand => ({ type: 'RemoveItem', name })), weight: 3 },
  { arbitrary: fc.constant<LootCommand>({ type: 'ClearInventory' }), weight: 1 },
)

/**
 * Any well-formed loot event (reachable or not).
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const lootEventArbitrary: fc.Arbitrary<LootEvent> = fc.oneof(
  itemArbitrary.map((item): LootEvent => ({ type: 'ItemAdded', item })),
  itemName.map((name): LootEvent => ({ type: 'ItemRemoved', name })),
  fc.constant<LootEvent>({ type: 'InventoryCleared' }),
)

// -------------------------------------------------------------------------------------
// cargo
// -------------------------------------------------------------------------------------

const shipId = fc.constantFrom('imo-9321483', 'imo-9811000')
const shipName = fc.constantFrom('Ever Given', 'Maersk Alabama', 'Emma Maersk')
const port = fc.constantFrom('Singapore', 'Hong Kong', 'Rotterdam')
const cargoName = fc.constantFrom('electronics', 'grain', 'textiles')

const quantityCommand = (
  type: 'LoadCargo' | 'UnloadCargo',
  amount: fc.Arbitrary<number>,
): fc.Arbitrary<CargoCommand> =>
  fc.tuple(cargoName, amount).map(([cargo, quantity]): CargoCommand => ({ type, cargo, quantity }))

/**
 * Cargo ship commands, weighted towards docking, departing and moving cargo.
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const cargoCommandArbitrary: fc.Arbitrary<CargoCommand> = fc.oneof(
  {
    arbitrary: fc
      .tuple(shipId, shipName)
      .map(([id, name]): CargoCommand => ({ type: 'RegisterShip', shipId: id, name })),
    weight: 3,
  },
  { arbitrary: port.map((p): CargoCommand => ({ type: 'Dock', port: p })), weight: 5 },
  { arbitrary: fc.constant<CargoCommand>({ type: 'Depart' }), weight: 2 },
  { arbitrary: quantityCommand('LoadCargo', mostlyValid(positiveAmount)), weight: 8 },
  { arbitrary: quantityCommand('UnloadCargo', mostlyValid(smallAmount)), weight: 6 },
)

/**
 * Any well-formed cargo ship event (reachable or not).
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const cargoEventArbitrary: fc.Arbitrary<CargoEvent> = fc.oneof(
  fc
    .tuple(shipId, shipName)
    .map(([id, name]): CargoEvent => ({ type: 'ShipRegistered', shipId: id, name })),
  port.map((p): CargoEvent => ({ type: 'ShipDocked', port: p })),
  port.map((p): CargoEvent => ({ type: 'ShipDeparted', port: p })),
  fc
    .tuple(cargoName, positiveAmount)
    .map(([cargo, quantity]): CargoEvent => ({ type: 'CargoLoaded', cargo, quantity })),
  fc
    .tuple(cargoName, positiveAmount)
    .map(([cargo, quantity]): CargoEvent => ({ type: 'CargoUnloaded', cargo, quantity })),
)
