import { describe, expect, it } from 'vitest'
import type { BankEvent } from '../../src/examples/bank.js'
import { bankAccount, initialBankState } from '../../src/examples/bank.js'
import { fold } from '../../src/kernel/Decider.js'
import { specFor } from '../../src/testing/index.js'

const { given } = specFor(bankAccount)

const opened: BankEvent = {
  type: 'AccountOpened',
  accountId: 'acc-1',
  owner: 'Ada',
  initialBalance: 1000,
  currency: 'EUR',
}
const closed: BankEvent = { type: 'AccountClosed' }

describe('bank account: OpenAccount', () => {
  it('opens an account, in EUR when no currency is named', () => {
    given()
      .when({ type: 'OpenAccount', accountId: 'acc-1', owner: 'Ada', initialBalance: 1000 })
      .then([opened])
  })
  it('opens an account in the currency named', () => {
    given()
      .when({
        type: 'OpenAccount',
        accountId: 'acc-1',
        owner: 'Ada',
        initialBalance: 0,
        currency: 'USD',
      })
      .then([
        {
          type: 'AccountOpened',
          accountId: 'acc-1',
          owner: 'Ada',
          initialBalance: 0,
          currency: 'USD',
        },
      ])
  })
  it('rejects opening an open account', () => {
    given([opened])
      .when({ type: 'OpenAccount', accountId: 'acc-1', owner: 'Ada', initialBalance: 5 })
      .thenRejects({ _tag: 'AccountAlreadyOpen' })
  })
  it('rejects reopening a closed account', () => {
    given([opened, closed])
      .when({ type: 'OpenAccount', accountId: 'acc-1', owner: 'Ada', initialBalance: 5 })
      .thenRejects({ _tag: 'AccountClosed' })
  })
  it('rejects a negative or fractional initial balance', () => {
    given()
      .when({ type: 'OpenAccount', accountId: 'a', owner: 'Ada', initialBalance: -1 })
      .thenRejects({ _tag: 'InvalidAmount', amount: -1 })
    given()
      .when({ type: 'OpenAccount', accountId: 'a', owner: 'Ada', initialBalance: 0.5 })
      .thenRejects({ _tag: 'InvalidAmount', amount: 0.5 })
  })
})

describe('bank account: Deposit', () => {
  it('deposits in the account currency', () => {
    given([opened])
      .when({ type: 'Deposit', amount: 500 })
      .then([{ type: 'MoneyDeposited', amount: 500, currency: 'EUR' }])
  })
  it('rejects a deposit before the account is open', () => {
    given().when({ type: 'Deposit', amount: 500 }).thenRejects({ _tag: 'AccountNotOpen' })
  })
  it('rejects a deposit into a closed account', () => {
    given([opened, closed])
      .when({ type: 'Deposit', amount: 500 })
      .thenRejects({ _tag: 'AccountClosed' })
  })
  it('rejects zero, negative, fractional and overflowing amounts', () => {
    for (const amount of [0, -5, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER]) {
      given([opened])
        .when({ type: 'Deposit', amount })
        .thenRejects({ _tag: 'InvalidAmount', amount })
    }
  })
})

describe('bank account: Withdraw', () => {
  it('withdraws up to the balance', () => {
    given([opened])
      .when({ type: 'Withdraw', amount: 1000 })
      .then([{ type: 'MoneyWithdrawn', amount: 1000 }])
  })
  it('rejects withdrawing more than the balance', () => {
    given([opened])
      .when({ type: 'Withdraw', amount: 1001 })
      .thenRejects({ _tag: 'InsufficientFunds', balance: 1000, requested: 1001 })
  })
  it('rejects a withdrawal before the account is open or after it is closed', () => {
    given().when({ type: 'Withdraw', amount: 1 }).thenRejects({ _tag: 'AccountNotOpen' })
    given([opened, closed])
      .when({ type: 'Withdraw', amount: 1 })
      .thenRejects({ _tag: 'AccountClosed' })
  })
  it('rejects an invalid amount', () => {
    given([opened])
      .when({ type: 'Withdraw', amount: -3 })
      .thenRejects({ _tag: 'InvalidAmount', amount: -3 })
  })
})

describe('bank account: CloseAccount', () => {
  it('closes an open account, which is then terminal', () => {
    const { state } = given([opened]).when({ type: 'CloseAccount' }).then([closed])
    expect(bankAccount.isTerminal?.(state)).toBe(true)
    expect(bankAccount.isTerminal?.(initialBankState)).toBe(false)
  })
  it('rejects closing an account that is not open, or already closed', () => {
    given().when({ type: 'CloseAccount' }).thenRejects({ _tag: 'AccountNotOpen' })
    given([opened, closed]).when({ type: 'CloseAccount' }).thenRejects({ _tag: 'AccountClosed' })
  })
})

describe('bank account: the scenario', () => {
  it('open 1000, deposit 500, withdraw 200 gives a balance of 1300', () => {
    given([opened, { type: 'MoneyDeposited', amount: 500, currency: 'EUR' }])
      .when({ type: 'Withdraw', amount: 200 })
      .thenState({
        status: 'open',
        accountId: 'acc-1',
        owner: 'Ada',
        balance: 1300,
        currency: 'EUR',
      })
    const state = fold(bankAccount)([
      opened,
      { type: 'MoneyDeposited', amount: 500, currency: 'EUR' },
      { type: 'MoneyWithdrawn', amount: 200 },
    ])
    expect(state.balance).toBe(1300)
  })
})
