import { assert, describe, it } from '@effect/vitest'
import { Effect } from 'effect'
import { TestClock } from 'effect/testing'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import { EventStoreService } from '../../src/runtime/index.js'
import { balanceAt, handleAccount, refreshBalances } from './bank-runtime.js'

describe('docs/runtime.md walkthrough', () => {
  it.effect(
    'a bank account: commands, a balance read model, the balance at 3 pm yesterday, snapshots',
    () =>
      Effect.gen(function* () {
        // #region run
        yield* TestClock.setTime(Date.parse('2024-03-01T09:00:00Z')) // yesterday morning
        yield* handleAccount('ada', {
          type: 'OpenAccount',
          accountId: 'ada',
          owner: 'Ada',
          initialBalance: 1000,
        })
        yield* TestClock.setTime(Date.parse('2024-03-01T12:00:00Z'))
        yield* handleAccount('ada', { type: 'Deposit', amount: 500 }, 'deposit-42')
        yield* handleAccount('ada', { type: 'Deposit', amount: 500 }, 'deposit-42') // a retry: appends nothing
        yield* TestClock.setTime(Date.parse('2024-03-01T16:00:00Z'))
        yield* handleAccount('ada', { type: 'Withdraw', amount: 200 })
        yield* TestClock.setTime(Date.parse('2024-03-02T10:00:00Z')) // today
        for (let i = 0; i < 150; i++) yield* handleAccount('ada', { type: 'Deposit', amount: 1 })

        const yesterdayAt3pm = yield* balanceAt('ada', '2024-03-01T15:00:00Z')
        const readModel = yield* refreshBalances
        // #endregion run
        assert.strictEqual(yesterdayAt3pm, 1500)
        assert.deepStrictEqual(readModel, { ada: 1450 })
        const { snapshots } = yield* EventStoreService
        assert.strictEqual((yield* snapshots!.loadSnapshot('account-ada'))?.streamVersion, 100)
      }).pipe(Effect.provide(EventStoreService.layer(makeMemoryStore()))),
  )
})
