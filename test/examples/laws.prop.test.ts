import { describe, it } from 'vitest'
import {
  bankCommandArbitrary,
  cargoCommandArbitrary,
  lootCommandArbitrary,
} from '../../docs/examples/arbitraries.js'
import { bankAccount, bankInvariant } from '../../src/examples/bank.js'
import { cargoInvariant, cargoShip } from '../../src/examples/cargo.js'
import { lootInventory } from '../../src/examples/loot.js'
import { deciderLaws } from '../../src/testing/index.js'

describe('bank account laws', () => {
  const laws = deciderLaws(bankAccount, {
    commands: bankCommandArbitrary,
    invariant: bankInvariant,
    name: 'bankAccount',
  })
  for (const law of laws) it(law.statement, () => law.check())
})

describe('loot inventory laws', () => {
  const laws = deciderLaws(lootInventory, {
    commands: lootCommandArbitrary,
    invariant: (state) => state.items.every((item) => item.name.length > 0),
    name: 'lootInventory',
  })
  for (const law of laws) it(law.statement, () => law.check())
})

describe('cargo ship laws', () => {
  const laws = deciderLaws(cargoShip, {
    commands: cargoCommandArbitrary,
    invariant: cargoInvariant,
    name: 'cargoShip',
  })
  for (const law of laws) it(law.statement, () => law.check())
})
