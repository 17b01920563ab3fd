import { assert, describe, it } from '@effect/vitest'
import { Effect, Layer } from 'effect'
import { TestClock } from 'effect/testing'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec, bankStateCodec } from '../../src/examples/bank.codec.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import type { EventStore } from '../../src/store/EventStore.js'
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

  /** A memory store that counts the records its `readStream` hands out. */
  const countingStore = () => {
    const inner = makeMemoryStore()
    let recordsRead = 0
    const store: EventStore = {
      ...inner,
      readStream: (streamId, options) =>
        Effect.map(inner.readStream(streamId, options), (records) => {
          recordsRead += records.length
          return records
        }),
    }
    return { store, recordsRead: () => recordsRead, reset: () => (recordsRead = 0) }
  }

  it.effect('an instant is answered on one read of the stream (no snapshots)', () => {
    const counted = countingStore()
    return Effect.gen(function* () {
      yield* day
      counted.reset()
      const atThree = yield* stateAt(bankAccount, bankEventCodec, 'acc', {
        at: '2024-03-01T15:00:00Z',
      })
      assert.deepStrictEqual([atThree.version, atThree.state.balance], [2, 1500])
      // The scan reads the stream up to its first event after 3 pm: all 4 events, once.
      assert.strictEqual(counted.recordsRead(), 4)
      counted.reset()
      const lines = yield* history(bankEventCodec, 'acc', { from: 2, at: '2024-03-01T17:00:00Z' })
      assert.deepStrictEqual(
        lines.map((line) => [line.version, line.event.type]),
        [
          [2, 'MoneyDeposited'],
          [3, 'MoneyWithdrawn'],
        ],
      )
      assert.strictEqual(counted.recordsRead(), 4)
      const refused = yield* Effect.flip(
        history(bankEventCodec, 'acc', { from: Number.NaN, at: '2024-03-01T17:00:00Z' }),
      )
      assert.strictEqual(refused._tag, 'InvalidArgument')
    }).pipe(Effect.provide(Layer.suspend(() => runtimeLayer(counted.store))))
  })
})
