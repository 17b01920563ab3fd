import { right } from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { BankEvent, BankState } from '../../src/examples/bank.js'
import { bankAccount } from '../../src/examples/bank.js'
import type { Decider } from '../../src/kernel/Decider.js'
import { DeciderAssertionError } from '../../src/testing/AssertionError.js'
import { given, specFor } from '../../src/testing/index.js'

const opened: BankEvent = {
  type: 'AccountOpened',
  accountId: 'acc-1',
  owner: 'Ada',
  initialBalance: 1000,
  currency: 'EUR',
}

/** Runs `assertion` and returns the assertion error it throws (failing if it throws none). */
const failureOf = (assertion: () => unknown): DeciderAssertionError => {
  try {
    assertion()
  } catch (error) {
    expect(error).toBeInstanceOf(DeciderAssertionError)
    return error as DeciderAssertionError
  }
  throw new Error('expected the assertion to fail, but it passed')
}

describe('given/when/then passes when the decider does what is expected', () => {
  it('then returns the events and the new state', () => {
    const decision = given(bankAccount, [opened])
      .when({ type: 'Deposit', amount: 500 })
      .then([{ type: 'MoneyDeposited', amount: 500, currency: 'EUR' }])
    expect(decision.state.balance).toBe(1500)
  })
  it('specFor binds the decider once', () => {
    const spec = specFor(bankAccount)
    expect(spec.given([opened]).state().balance).toBe(1000)
    spec.given().when({ type: 'CloseAccount' }).thenRejects({ _tag: 'AccountNotOpen' })
  })
})

describe('given/when/then fails with a readable message', () => {
  it('a wrong then() shows the expected and the actual events, and carries them for a diff', () => {
    const error = failureOf(() =>
      given(bankAccount, [opened])
        .when({ type: 'Deposit', amount: 500 })
        .then([{ type: 'MoneyDeposited', amount: 50, currency: 'EUR' }]),
    )
    expect(error.name).toBe('AssertionError')
    expect(error.message).toBe(
      [
        "given 1 event, when { type: 'Deposit', amount: 500 }",
        'expected the events:',
        "  [{ type: 'MoneyDeposited', amount: 50, currency: 'EUR' }]",
        'but decide returned the events:',
        "  [{ type: 'MoneyDeposited', amount: 500, currency: 'EUR' }]",
      ].join('\n'),
    )
    expect(error.expected).toEqual([{ type: 'MoneyDeposited', amount: 50, currency: 'EUR' }])
    expect(error.actual).toEqual([{ type: 'MoneyDeposited', amount: 500, currency: 'EUR' }])
    expect(error.showDiff).toBe(true)
  })
  it('then() on a rejected command shows the rejection', () => {
    const error = failureOf(() =>
      given(bankAccount, [opened])
        .when({ type: 'Withdraw', amount: 5000 })
        .then([{ type: 'MoneyWithdrawn', amount: 5000 }]),
    )
    expect(error.message).toMatch(
      /but decide rejected the command with:\n {2}\{ _tag: 'InsufficientFunds', balance: 1000, requested: 5000 \}/,
    )
    expect(error.actual).toEqual({
      rejected: { _tag: 'InsufficientFunds', balance: 1000, requested: 5000 },
    })
  })
  it('a wrong thenRejects() fails, both for another rejection and for an accepted command', () => {
    expect(
      failureOf(() =>
        given(bankAccount)
          .when({ type: 'Deposit', amount: 1 })
          .thenRejects({ _tag: 'AccountClosed' }),
      ).message,
    ).toMatch(
      /expected the rejection:\n {2}\{ _tag: 'AccountClosed' \}\nbut decide rejected the command with:\n {2}\{ _tag: 'AccountNotOpen' \}/,
    )
    expect(
      failureOf(() =>
        given(bankAccount, [opened])
          .when({ type: 'Deposit', amount: 1 })
          .thenRejects({ _tag: 'AccountClosed' }),
      ).message,
    ).toMatch(/but decide returned the events/)
  })
  it('thenNothingHappens() fails when events are returned', () => {
    const error = failureOf(() =>
      given(bankAccount, [opened]).when({ type: 'CloseAccount' }).thenNothingHappens(),
    )
    expect(error.message).toMatch(
      /expected no events\nbut decide returned the events:\n {2}\[\{ type: 'AccountClosed' \}\]/,
    )
  })
  it('thenState() fails with the expected and the actual state', () => {
    const expected: BankState = {
      status: 'open',
      accountId: 'acc-1',
      owner: 'Ada',
      balance: 999,
      currency: 'EUR',
    }
    const error = failureOf(() =>
      given(bankAccount, [opened]).when({ type: 'Deposit', amount: 1 }).thenState(expected),
    )
    expect(error.message).toMatch(/but the state after the new events is:\n[^]*balance: 1001/)
    expect(error.expected).toEqual(expected)
  })
})

describe('given/when/then catches mutation', () => {
  it('a decide that mutates the state throws a TypeError, reported with a hint', () => {
    type Counter = { count: number }
    const mutating: Decider<'tick', Counter, 'ticked', never> = {
      initialState: { count: 0 },
      decide: (_command, state) => {
        state.count += 1
        return right(['ticked'])
      },
      evolve: (state) => ({ count: state.count + 1 }),
    }
    expect(() => given(mutating).when('tick').then(['ticked'])).toThrow(
      /decide threw TypeError: .*does it mutate its input\?/,
    )
  })
})
