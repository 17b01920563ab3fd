import * as fc from 'fast-check'
import { isLeft } from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  bankCommandArbitrary,
  bankEventArbitrary,
  cargoCommandArbitrary,
  cargoEventArbitrary,
  lootCommandArbitrary,
  lootEventArbitrary,
} from '../../docs/examples/arbitraries.js'
import { bankAccount } from '../../src/examples/bank.js'
import { cargoShip } from '../../src/examples/cargo.js'
import { lootInventory } from '../../src/examples/loot.js'
import type { Decider } from '../../src/kernel/Decider.js'
import { fold } from '../../src/kernel/Decider.js'
import { runCommands } from '../../src/testing/history.js'

/** Every event type and rejection tag that 300 histories of up to 50 commands reach. */
const coverage = <
  Command,
  State,
  Event extends { readonly type: string },
  Rejection extends { readonly _tag: string },
>(
  decider: Decider<Command, State, Event, Rejection>,
  commands: fc.Arbitrary<Command>,
): { readonly outcomes: ReadonlySet<string>; readonly meanEvents: number } => {
  const outcomes = new Set<string>()
  let events = 0
  const histories = fc.sample(fc.array(commands, { maxLength: 50, size: 'max' }), {
    numRuns: 300,
    seed: 42,
  })
  for (const list of histories) {
    const history = runCommands(decider, list)
    events += history.events.length
    for (const step of history.steps) {
      if (isLeft(step.outcome)) outcomes.add(step.outcome.left._tag)
      else for (const event of step.outcome.right) outcomes.add(event.type)
    }
  }
  return { outcomes, meanEvents: events / histories.length }
}

describe('command arbitraries reach every event and every rejection, in deep histories', () => {
  it('bank account', () => {
    const { outcomes, meanEvents } = coverage(bankAccount, bankCommandArbitrary)
    expect([...outcomes].sort()).toEqual(
      [
        'AccountOpened',
        'MoneyDeposited',
        'MoneyWithdrawn',
        'AccountClosed',
        'AccountAlreadyOpen',
        'AccountNotOpen',
        'InsufficientFunds',
        'InvalidAmount',
      ].sort(),
    )
    expect(meanEvents).toBeGreaterThan(5)
  })
  it('loot inventory', () => {
    const { outcomes, meanEvents } = coverage(lootInventory, lootCommandArbitrary)
    expect([...outcomes].sort()).toEqual(
      ['ItemAdded', 'ItemRemoved', 'InventoryCleared', 'ItemNotHeld'].sort(),
    )
    expect(meanEvents).toBeGreaterThan(5)
  })
  it('cargo ship', () => {
    const { outcomes, meanEvents } = coverage(cargoShip, cargoCommandArbitrary)
    expect([...outcomes].sort()).toEqual(
      [
        'ShipRegistered',
        'ShipDocked',
        'ShipDeparted',
        'CargoLoaded',
        'CargoUnloaded',
        'ShipNotRegistered',
        'ShipAlreadyRegistered',
        'AlreadyDocked',
        'NotDocked',
        'AtSea',
        'NotEnoughCargo',
        'InvalidQuantity',
      ].sort(),
    )
    expect(meanEvents).toBeGreaterThan(5)
  })
})

describe('event arbitraries', () => {
  it('every generated event folds without throwing, in any order', () => {
    fc.assert(fc.property(fc.array(bankEventArbitrary), (events) => void fold(bankAccount)(events)))
    fc.assert(
      fc.property(fc.array(lootEventArbitrary), (events) => void fold(lootInventory)(events)),
    )
    fc.assert(fc.property(fc.array(cargoEventArbitrary), (events) => void fold(cargoShip)(events)))
  })
})
