/**
 * One handler value serves every context it runs in: each command uses the store and the id
 * generator of the context it runs in, even when contexts alternate from command to command.
 */
import { Effect, Layer } from 'effect'
import { describe, expect, it } from 'vitest'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec } from '../../src/examples/bank.codec.js'
import {
  EventStoreService,
  IdGenerator,
  commandHandler,
  seededIdGenerator,
} from '../../src/runtime/index.js'

describe('a handler run in alternating contexts', () => {
  it('appends to the store and draws ids from the context of each command', async () => {
    const accounts = commandHandler(bankAccount, bankEventCodec)
    const stores = [makeMemoryStore(), makeMemoryStore()] as const
    const layers = stores.map((store, i) =>
      Layer.mergeAll(
        EventStoreService.layer(store),
        Layer.succeed(IdGenerator, seededIdGenerator(100 + i)),
      ),
    )
    const open = { type: 'OpenAccount', accountId: 'a', owner: 'Ada', initialBalance: 1 } as const
    for (let round = 0; round < 3; round++)
      for (const layer of layers)
        await Effect.runPromise(
          accounts
            .handle('a', round === 0 ? open : { type: 'Deposit', amount: 1 })
            .pipe(Effect.provide(layer)),
        )
    for (const [i, store] of stores.entries()) {
      const records = await Effect.runPromise(store.readStream('a'))
      const ids = seededIdGenerator(100 + i)
      expect(records.map((record) => record.eventId)).toEqual([ids.next(), ids.next(), ids.next()])
    }
  })
})
