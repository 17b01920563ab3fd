/**
 * A counterexample the laws found, kept as an example test. The invariant law, run on a bank
 * that let withdrawals overdraw (test/testing/brokenDeciders.ts), shrank its failure to the
 * snippet below; pasted here against the real decider, with the expectation corrected from
 * what the broken decider did to what a bank must do.
 */
import { it } from 'vitest'
import { bankAccount } from '../../src/examples/bank.js'
import { given } from '../../src/testing/index.js'

it('an account opened with 0 cannot withdraw 1 (found by the invariant law)', () => {
  given(bankAccount, [
    {
      type: 'AccountOpened',
      accountId: 'acc-1',
      owner: 'Ada',
      initialBalance: 0,
      currency: 'EUR',
    },
  ])
    .when({ type: 'Withdraw', amount: 1 })
    .thenRejects({ _tag: 'InsufficientFunds', balance: 0, requested: 1 })
})
