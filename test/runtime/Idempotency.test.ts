/**
 * Idempotent commands on every adapter (memory, file, PostgreSQL): a command id is written
 * into the metadata of the command's events, so handling it again on the stream, in this
 * process or a cold one, appends nothing and returns the first outcome.
 */
import { assert, describe, it } from '@effect/vitest'
import { Effect } from 'effect'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec, bankStateCodec } from '../../src/examples/bank.codec.js'
import { EventStoreService, commandHandler, snapshotEvery } from '../../src/runtime/index.js'
import { runtimeLayer } from './fixtures.js'
import { adapters } from './stores.js'

const open = { type: 'OpenAccount', accountId: 'a-1', owner: 'Ada', initialBalance: 1000 } as const
const snapshots = snapshotEvery(2, bankStateCodec)

for (const adapter of adapters) {
  describe(`idempotent commands (${adapter.name})`, () => {
    it.effect(
      'the same command id twice appends nothing the second time and returns the first outcome',
      () =>
        Effect.gen(function* () {
          yield* commandHandler(bankAccount, bankEventCodec).handle('a-1', open)
          const first = yield* commandHandler(bankAccount, bankEventCodec).handle(
            'a-1',
            { type: 'Deposit', amount: 5 },
            { commandId: 'cmd-1' },
          )
          yield* commandHandler(bankAccount, bankEventCodec).handle(
            'a-1',
            { type: 'Deposit', amount: 7 },
            { commandId: 'cmd-2' },
          )
          const again = yield* commandHandler(bankAccount, bankEventCodec).handle(
            'a-1',
            { type: 'Deposit', amount: 5 },
            { commandId: 'cmd-1' },
          )
          assert.deepStrictEqual(again, first)
          const { events } = yield* EventStoreService
          assert.strictEqual(yield* events.streamVersion('a-1'), 3)
        }).pipe(Effect.provide(adapter.layer)),
    )

    it.live(
      'a command id is remembered from the stored events by a cold process (with snapshots)',
      () =>
        Effect.scoped(
          Effect.gen(function* () {
            const store = yield* adapter.open
            const inProcess = (seed: number) => runtimeLayer(store, seed)
            yield* commandHandler(bankAccount, bankEventCodec, { snapshots })
              .handle('a-1', open)
              .pipe(Effect.provide(inProcess(1)))
            const first = yield* commandHandler(bankAccount, bankEventCodec, { snapshots })
              .handle('a-1', { type: 'Deposit', amount: 5 }, { commandId: 'dep-1' })
              .pipe(Effect.provide(inProcess(2)))
            for (let i = 0; i < 5; i++)
              yield* commandHandler(bankAccount, bankEventCodec, { snapshots })
                .handle('a-1', { type: 'Deposit', amount: 1 })
                .pipe(Effect.provide(inProcess(3 + i)))
            const again = yield* commandHandler(bankAccount, bankEventCodec, { snapshots })
              .handle('a-1', { type: 'Deposit', amount: 5 }, { commandId: 'dep-1' })
              .pipe(Effect.provide(inProcess(20)))
            assert.deepStrictEqual(again, first)
            assert.strictEqual(yield* store.streamVersion('a-1'), 7)
            assert.strictEqual((yield* store.loadSnapshot('a-1'))?.streamVersion, 6)
          }),
        ),
    )
  })
}
