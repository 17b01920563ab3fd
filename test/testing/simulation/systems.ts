/**
 * The example domains as simulated systems: the bank (with a saga), the loot inventory (with
 * its projection) and cargo ships, each with its own invariants. Shared by the simulation
 * tests, the soak script and docs/simulation.md.
 *
 * @since 0.1.0
 */
import fc from 'fast-check'
import {
  bankCommandArbitrary,
  cargoCommandArbitrary,
  lootCommandArbitrary,
} from '../../../docs/examples/arbitraries.js'
import { lootProjection } from '../../../docs/examples/loot-projections.js'
import type { LootReadModel } from '../../../docs/examples/loot-projections.js'
import type { BankState } from '../../../src/examples/bank.js'
import { bankAccount, bankInvariant } from '../../../src/examples/bank.js'
import { bankEventCodec } from '../../../src/examples/bank.codec.js'
import type { CargoState } from '../../../src/examples/cargo.js'
import { cargoInvariant, cargoShip } from '../../../src/examples/cargo.js'
import { cargoEventCodec } from '../../../src/examples/cargo.codec.js'
import { lootInventory } from '../../../src/examples/loot.js'
import { lootEventCodec } from '../../../src/examples/loot.codec.js'
import type { SimulatedSystem } from '../../../src/testing/index.js'
import { simulatedHandler, simulatedProjection, simulatedSaga } from '../../../src/testing/index.js'

/** Accounts, and a saga that opens a mirror account for every account opened. */
export const bankSystem: SimulatedSystem = {
  handlers: [
    simulatedHandler(
      'bank',
      bankAccount,
      bankEventCodec,
      fc.record({
        streamId: fc.constantFrom('account-1', 'account-2'),
        command: bankCommandArbitrary,
      }),
    ),
  ],
  sagas: [
    simulatedSaga('mirror', bankEventCodec, (event) =>
      event.type === 'AccountOpened'
        ? [
            {
              handler: 'bank',
              streamId: `mirror-${event.accountId}`,
              command: {
                type: 'OpenAccount',
                accountId: event.accountId,
                owner: event.owner,
                initialBalance: 0,
              },
            },
          ]
        : [],
    ),
  ],
  invariants: [
    {
      name: 'balances are never negative',
      holds: (world) =>
        world.streamIds.every((id) => bankInvariant(world.state<BankState>('bank', id))),
    },
  ],
}

/** Two players' inventories and the loot views projected from them. */
export const lootSystem: SimulatedSystem = {
  handlers: [
    simulatedHandler(
      'loot',
      lootInventory,
      lootEventCodec,
      fc.record({
        streamId: fc.constantFrom('inventory-ada', 'inventory-bo'),
        command: lootCommandArbitrary,
      }),
    ),
  ],
  projections: [simulatedProjection(lootProjection)],
  invariants: [
    {
      name: 'no item counted more often than it was added',
      holds: (world) => {
        const views = world.readModel<LootReadModel>('loot-views')
        if (views === undefined) return true
        const added = world.log.filter((r) => r.type === 'ItemAdded').length
        const counted = Array.from(views[0].values()).reduce((sum, n) => sum + n, 0)
        return counted <= added || `${counted} items counted, ${added} added`
      },
    },
  ],
}

/** Two ships. */
export const cargoSystem: SimulatedSystem = {
  handlers: [
    simulatedHandler(
      'cargo',
      cargoShip,
      cargoEventCodec,
      fc.record({ streamId: fc.constantFrom('ship-1', 'ship-2'), command: cargoCommandArbitrary }),
    ),
  ],
  invariants: [
    {
      name: 'ships hold only positive cargo',
      holds: (world) =>
        world.streamIds.every((id) => cargoInvariant(world.state<CargoState>('cargo', id))),
    },
  ],
}
