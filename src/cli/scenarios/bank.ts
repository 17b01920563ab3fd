/**
 * The bank demo: the first run opens an account, deposits, withdraws and overdraws; later runs
 * deposit and withdraw again on the same account, and show the rejections.
 *
 * @since 0.1.0
 */
import type { BankCommand, BankEvent, BankRejection, BankState } from '../../examples/bank.js'
import { bankDomain } from '../Domains.js'
import type { Scenario } from './Scenario.js'

const firstRun: ReadonlyArray<BankCommand> = [
  { type: 'OpenAccount', accountId: 'account-1', owner: 'Ada', initialBalance: 1000 },
  { type: 'Deposit', amount: 500 },
  { type: 'Withdraw', amount: 200 },
  { type: 'Withdraw', amount: 5000 },
  { type: 'Deposit', amount: 0 },
]

/**
 * Run 1 opens `account-1` with 1000 and ends at 1300; run n deposits 100·n, withdraws 150, and
 * has an `OpenAccount` and an overdraft refused.
 *
 * @category scenarios
 * @since 0.1.0
 */
export const bankScenario: Scenario<BankCommand, BankState, BankEvent, BankRejection> = {
  domain: bankDomain,
  streamId: 'account-1',
  script: (state, run) => {
    if (state.status === 'none') return firstRun
    if (state.status === 'closed') return [{ type: 'Deposit', amount: 100 }]
    return [
      { type: 'OpenAccount', accountId: 'account-1', owner: 'Ada', initialBalance: 1000 },
      { type: 'Deposit', amount: 100 * run },
      { type: 'Withdraw', amount: 150 },
      { type: 'Withdraw', amount: state.balance * 2 },
    ]
  },
}
