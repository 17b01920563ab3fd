import { assert, describe, it } from '@effect/vitest'
import { Effect, Layer } from 'effect'
import { TestClock } from 'effect/testing'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec, bankStateCodec } from '../../src/examples/bank.codec.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import { commandHandler, history, snapshotEvery, stateAt } from '../../src/runtime/index.js'
import { runtimeLayer } from './fixtures.js'

const snapshots = snapshotEvery(2, bankStateCodec)
const at = (iso: string) => TestClock.setTime(Date.parse(iso))

const day = Effect.gen(function* () {
  yield* at('2024-03-01T09:00:00.000Z')
  yield* commandHandler(bankAccount, bankEventCodec, { snapshots }).handle('acc', {
    type: 'OpenAccount',
    accountId: 'acc',
    owner: 'Ada',
    initialBalance: 1000,
  })
  yield* at('2024-03-01T12:00:00.000Z')
  yield* commandHandler(bankAccount, bankEventCodec, { snapshots }).handle('acc', {
    type: 'Deposit',
    amount: 500,
  })
  yield* at('2024-03-01T16:00:00.000Z')
  yield* commandHandler(bankAccount, bankEventCodec, { snapshots }).handle('acc', {
    type: 'Withdraw',
    amount: 200,
  })
  yield* at('2024-03-01T18:00:00.000Z')
  yield* commandHandler(bankAccount, bankEventCodec, { snapshots }).handle('acc', {
    type: 'Withdraw',
    amount: 300,
  })
})

describe('temporal queries', () => {
  it.effect('stateAt { at }: the balance at 3 pm is the one after the noon deposit', () =>
    Effect.gen(function* () {
      yield* day
      const balanceAt = (iso: string) =>
        Effect.map(
          stateAt(bankAccount, bankEventCodec, 'acc', { at: iso }, { snapshots }),
          (s) => s.state.balance,
        )
      assert.strictEqual(yield* balanceAt('2024-03-01T15:00:00Z'), 1500)
      assert.strictEqual(yield* balanceAt('2024-03-01T08:59:59Z'), 0)
      assert.strictEqual(yield* balanceAt('2024-03-01T16:00:00Z'), 1300)
      assert.strictEqual(yield* balanceAt('2024-03-02T00:00:00+01:00'), 1000)
    }).pipe(Effect.provide(Layer.suspend(() => runtimeLayer(makeMemoryStore())))),
  )

  it.effect('stateAt { version } before, at and after the snapshot point', () =>
    Effect.gen(function* () {
      yield* day
      const balances = []
      for (const version of [0, 1, 2, 3, 4, 99])
        balances.push(
          (yield* stateAt(bankAccount, bankEventCodec, 'acc', { version }, { snapshots })).state
            .balance,
        )
      assert.deepStrictEqual(balances, [0, 1000, 1500, 1300, 1000, 1000])
    }).pipe(Effect.provide(Layer.suspend(() => runtimeLayer(makeMemoryStore())))),
  )

  it.effect('history lists what happened, decoded, with when', () =>
    Effect.gen(function* () {
      yield* day
      const lines = yield* history(bankEventCodec, 'acc')
      assert.deepStrictEqual(
        lines.map((line) => [line.version, line.recordedAt, line.event.type]),
        [
          [1, '2024-03-01T09:00:00.000Z', 'AccountOpened'],
          [2, '2024-03-01T12:00:00.000Z', 'MoneyDeposited'],
          [3, '2024-03-01T16:00:00.000Z', 'MoneyWithdrawn'],
          [4, '2024-03-01T18:00:00.000Z', 'MoneyWithdrawn'],
        ],
      )
    }).pipe(Effect.provide(Layer.suspend(() => runtimeLayer(makeMemoryStore())))),
  )
})
