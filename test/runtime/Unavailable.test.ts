/**
 * `StoreUnavailable` (a lost connection, a server restart) is retried under a bounded
 * schedule. An append that failed with it may have committed: it is retried with the same
 * batch at the same expected version, so the command is applied once either way.
 */
import { assert, describe, it } from '@effect/vitest'
import { Effect, Schedule } from 'effect'
import { bankAccount } from '../../src/examples/bank.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import { commandHandler } from '../../src/runtime/index.js'
import { bankCodec, runtimeLayer } from './fixtures.js'
import type { Faults } from './storeWrappers.js'
import { flakyStore, noFaults } from './storeWrappers.js'

const open = { type: 'OpenAccount', accountId: 'a-1', owner: 'Ada', initialBalance: 100 } as const
const deposit = { type: 'Deposit', amount: 10 } as const
/** No waiting between retries in these tests. */
const recurs = (times: number) => ({ unavailableRetry: Schedule.recurs(times) })
/** The bank's handler, retrying `StoreUnavailable` `times` times without waiting. */
const retrying = (times: number) => commandHandler(bankAccount, bankCodec, recurs(times))

const setUp = (seed = 1) => {
  const memory = makeMemoryStore()
  const faults: Faults = noFaults()
  const flaky = flakyStore(memory, faults)
  return {
    memory,
    faults,
    appendCalls: flaky.appendCalls,
    layer: runtimeLayer(flaky.store, seed),
    /** Another process, on the same store without faults. */
    other: runtimeLayer(memory, seed + 100),
  }
}

describe('handle: StoreUnavailable', () => {
  it.effect('appends that fail before writing are retried: the command is applied once', () => {
    const { memory, faults, appendCalls, layer } = setUp()
    return Effect.gen(function* () {
      yield* commandHandler(bankAccount, bankCodec).handle('a-1', open)
      faults.appendsLost = 3
      const outcome = yield* retrying(3).handle('a-1', deposit)
      assert.strictEqual(outcome.state.balance, 110)
      assert.strictEqual(outcome.version, 2)
      assert.strictEqual(appendCalls(), 1 + 4)
      assert.strictEqual(yield* memory.streamVersion('a-1'), 2)
    }).pipe(Effect.provide(layer))
  })

  for (const path of ['fast', 'general'] as const)
    it.effect(
      `an append that committed but reported StoreUnavailable is not applied twice, without a command id (${path} path)`,
      () => {
        const { memory, faults, layer, other } = setUp()
        return Effect.gen(function* () {
          // A stream this process has cached takes the fast path; a cold one the general path.
          yield* commandHandler(bankAccount, bankCodec)
            .handle('a-1', open)
            .pipe(Effect.provide(path === 'fast' ? layer : other))
          faults.appendsCommittedButLost = 2
          const outcome = yield* retrying(3).handle('a-1', deposit).pipe(Effect.provide(layer))
          assert.strictEqual(outcome.state.balance, 110)
          assert.strictEqual(outcome.version, 2)
          assert.deepStrictEqual(outcome.events, [
            { type: 'MoneyDeposited', amount: 10, currency: 'EUR' },
          ])
          assert.strictEqual(yield* memory.streamVersion('a-1'), 2)
          // The cache is current: the next command sees version 2.
          const next = yield* commandHandler(bankAccount, bankCodec)
            .handle('a-1', deposit)
            .pipe(Effect.provide(layer))
          assert.strictEqual(next.version, 3)
        })
      },
    )

  it.effect(
    'an append lost while another process appended is decided again on the new state',
    () => {
      const { memory, faults, layer, other } = setUp()
      return Effect.gen(function* () {
        yield* commandHandler(bankAccount, bankCodec)
          .handle('a-1', open)
          .pipe(Effect.provide(layer))
        faults.appendsLost = 1
        yield* commandHandler(bankAccount, bankCodec)
          .handle('a-1', { type: 'Deposit', amount: 1000 })
          .pipe(Effect.provide(other))
        const outcome = yield* commandHandler(bankAccount, bankCodec, {
          conflictRetry: Schedule.recurs(1),
          ...recurs(2),
        })
          .handle('a-1', deposit)
          .pipe(Effect.provide(layer))
        assert.strictEqual(outcome.state.balance, 1110)
        assert.strictEqual(outcome.version, 3)
        assert.strictEqual(yield* memory.streamVersion('a-1'), 3)
      })
    },
  )

  it.effect('a cold load whose reads fail is retried', () => {
    const { faults, layer, other } = setUp()
    return Effect.gen(function* () {
      yield* commandHandler(bankAccount, bankCodec).handle('a-1', open).pipe(Effect.provide(other))
      faults.reads = 2
      const outcome = yield* retrying(2).handle('a-1', deposit).pipe(Effect.provide(layer))
      assert.strictEqual(outcome.state.balance, 110)
    })
  })

  it.effect('the version check of a rejection is retried', () => {
    const { faults, layer } = setUp()
    return Effect.gen(function* () {
      yield* commandHandler(bankAccount, bankCodec).handle('a-1', open)
      faults.versions = 2
      const error = yield* Effect.flip(retrying(2).handle('a-1', { type: 'Withdraw', amount: 1e6 }))
      assert.strictEqual(error._tag === 'Rejected' && error.rejection._tag, 'InsufficientFunds')
    }).pipe(Effect.provide(layer))
  })

  it.effect('the schedule is bounded: past it, StoreUnavailable comes back', () => {
    const { memory, faults, appendCalls, layer } = setUp()
    return Effect.gen(function* () {
      yield* commandHandler(bankAccount, bankCodec).handle('a-1', open)
      faults.appendsLost = 10
      const error = yield* Effect.flip(retrying(2).handle('a-1', deposit))
      assert.strictEqual(error._tag, 'StoreUnavailable')
      assert.strictEqual(appendCalls(), 1 + 3)
      assert.strictEqual(yield* memory.streamVersion('a-1'), 1)
      // The entry was dropped: the next command reloads and succeeds.
      faults.appendsLost = 0
      assert.strictEqual(
        (yield* commandHandler(bankAccount, bankCodec).handle('a-1', deposit)).version,
        2,
      )
    }).pipe(Effect.provide(layer))
  })

  it.live('the default schedule rides out a short outage (real time)', () => {
    const { faults, layer } = setUp()
    return Effect.gen(function* () {
      yield* commandHandler(bankAccount, bankCodec).handle('a-1', open)
      faults.appendsLost = 2
      faults.appendsCommittedButLost = 1
      const outcome = yield* commandHandler(bankAccount, bankCodec).handle('a-1', deposit)
      assert.strictEqual(outcome.version, 2)
    }).pipe(Effect.provide(layer))
  })

  it.effect('with a command id, handling the command again after giving up applies it once', () => {
    const { memory, faults, layer } = setUp()
    return Effect.gen(function* () {
      yield* commandHandler(bankAccount, bankCodec).handle('a-1', open)
      faults.appendsCommittedButLost = 1
      const options = { commandId: 'dep-1' }
      const error = yield* Effect.flip(retrying(0).handle('a-1', deposit, options))
      assert.strictEqual(error._tag, 'StoreUnavailable')
      const again = yield* retrying(0).handle('a-1', deposit, options)
      assert.strictEqual(again.version, 2)
      assert.strictEqual(again.state.balance, 110)
      assert.strictEqual(yield* memory.streamVersion('a-1'), 2)
    }).pipe(Effect.provide(layer))
  })
})
