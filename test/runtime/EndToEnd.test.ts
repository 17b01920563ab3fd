import { assert, describe, it } from '@effect/vitest'
import { Effect } from 'effect'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec, bankStateCodec } from '../../src/examples/bank.codec.js'
import { cargoShip } from '../../src/examples/cargo.js'
import { cargoEventCodec } from '../../src/examples/cargo.codec.js'
import { lootInventory } from '../../src/examples/loot.js'
import { lootEventCodec } from '../../src/examples/loot.codec.js'
import { commandHandler, history, snapshotEvery, stateAt } from '../../src/runtime/index.js'
import { adapters } from './stores.js'

for (const adapter of adapters) {
  describe(`the three domains end to end through handle (${adapter.name})`, () => {
    it.effect('bank: open 1000, deposit 500, withdraw 200 -> 1300; overdraft rejected', () =>
      Effect.gen(function* () {
        const snapshots = snapshotEvery(2, bankStateCodec)
        yield* commandHandler(bankAccount, bankEventCodec, { snapshots }).handle('acc-1', {
          type: 'OpenAccount',
          accountId: 'acc-1',
          owner: 'Ada',
          initialBalance: 1000,
        })
        yield* commandHandler(bankAccount, bankEventCodec, { snapshots }).handle('acc-1', {
          type: 'Deposit',
          amount: 500,
        })
        const outcome = yield* commandHandler(bankAccount, bankEventCodec, { snapshots }).handle(
          'acc-1',
          { type: 'Withdraw', amount: 200 },
        )
        assert.strictEqual(outcome.state.balance, 1300)
        assert.strictEqual(outcome.version, 3)
        const rejected = yield* Effect.flip(
          commandHandler(bankAccount, bankEventCodec, { snapshots }).handle('acc-1', {
            type: 'Withdraw',
            amount: 99_999,
          }),
        )
        assert.deepStrictEqual(rejected, {
          _tag: 'Rejected',
          rejection: { _tag: 'InsufficientFunds', balance: 1300, requested: 99_999 },
        })
        const reloaded = yield* stateAt(
          bankAccount,
          bankEventCodec,
          'acc-1',
          { version: 3 },
          { snapshots },
        )
        assert.strictEqual(reloaded.state.balance, 1300)
        assert.strictEqual((yield* history(bankEventCodec, 'acc-1')).length, 3)
      }).pipe(Effect.provide(adapter.layer)),
    )

    it.effect('loot: add two, remove one; removing an item not held is rejected', () =>
      Effect.gen(function* () {
        const sword = { name: 'sword', rarity: 'rare', origin: 'crypt' } as const
        const gem = { name: 'gem', rarity: 'epic', origin: 'mine' } as const
        yield* commandHandler(lootInventory, lootEventCodec).handle('bag-1', {
          type: 'AddItem',
          item: sword,
        })
        yield* commandHandler(lootInventory, lootEventCodec).handle('bag-1', {
          type: 'AddItem',
          item: gem,
        })
        const outcome = yield* commandHandler(lootInventory, lootEventCodec).handle('bag-1', {
          type: 'RemoveItem',
          name: 'sword',
        })
        assert.deepStrictEqual(outcome.state.items, [gem])
        const rejected = yield* Effect.flip(
          commandHandler(lootInventory, lootEventCodec).handle('bag-1', {
            type: 'RemoveItem',
            name: 'axe',
          }),
        )
        assert.strictEqual(rejected._tag === 'Rejected' && rejected.rejection._tag, 'ItemNotHeld')
      }).pipe(Effect.provide(adapter.layer)),
    )

    it.effect('cargo: Singapore, load 500, Hong Kong, unload 200 -> 300 aboard at Hong Kong', () =>
      Effect.gen(function* () {
        const go = (command: Parameters<typeof cargoShip.decide>[0]) =>
          commandHandler(cargoShip, cargoEventCodec).handle('ship-1', command)
        yield* go({ type: 'RegisterShip', shipId: 'ship-1', name: 'Ever Given' })
        yield* go({ type: 'Dock', port: 'Singapore' })
        yield* go({ type: 'LoadCargo', cargo: 'electronics', quantity: 500 })
        yield* go({ type: 'Depart' })
        const atSea = yield* Effect.flip(
          go({ type: 'UnloadCargo', cargo: 'electronics', quantity: 1 }),
        )
        assert.strictEqual(atSea._tag === 'Rejected' && atSea.rejection._tag, 'AtSea')
        yield* go({ type: 'Dock', port: 'Hong Kong' })
        const outcome = yield* go({ type: 'UnloadCargo', cargo: 'electronics', quantity: 200 })
        assert.deepStrictEqual(outcome.state.location, { _tag: 'Docked', port: 'Hong Kong' })
        const cargo = outcome.state.cargo as unknown
        const aboard =
          cargo instanceof Map
            ? cargo.get('electronics')
            : (cargo as Record<string, number>)['electronics']
        assert.strictEqual(aboard, 300)
      }).pipe(Effect.provide(adapter.layer)),
    )
  })
}
