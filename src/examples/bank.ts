/**
 * The bank account: the example decider every walkthrough starts from. Amounts are integer
 * minor units (cents), so no floating-point rounding ever enters the balance.
 *
 * @since 0.1.0
 */
import type { Either } from 'fp-ts/lib/Either.js'
import { left, right } from 'fp-ts/lib/Either.js'
import type { Decider } from '../kernel/Decider.js'

// -------------------------------------------------------------------------------------
// commands
// -------------------------------------------------------------------------------------

/**
 * What a caller asks of an account.
 *
 * @category model
 * @since 0.1.0
 */
export type BankCommand =
  | {
      readonly type: 'OpenAccount'
      readonly accountId: string
      readonly owner: string
      readonly initialBalance: number
      readonly currency?: string
    }
  | { readonly type: 'Deposit'; readonly amount: number }
  | { readonly type: 'Withdraw'; readonly amount: number }
  | { readonly type: 'CloseAccount' }

// -------------------------------------------------------------------------------------
// events
// -------------------------------------------------------------------------------------

/**
 * What happened to an account.
 *
 * @category model
 * @since 0.1.0
 */
export type BankEvent =
  | {
      readonly type: 'AccountOpened'
      readonly accountId: string
      readonly owner: string
      readonly initialBalance: number
      readonly currency: string
    }
  | { readonly type: 'MoneyDeposited'; readonly amount: number; readonly currency: string }
  | { readonly type: 'MoneyWithdrawn'; readonly amount: number }
  | { readonly type: 'AccountClosed' }

// -------------------------------------------------------------------------------------
// rejections
// -------------------------------------------------------------------------------------

/**
 * Why a command was refused.
 *
 * @category model
 * @since 0.1.0
 */
export type BankRejection =
  | { readonly _tag: 'AccountAlreadyOpen' }
  | { readonly _tag: 'AccountNotOpen' }
  | { readonly _tag: 'AccountClosed' }
  | { readonly _tag: 'InsufficientFunds'; readonly balance: number; readonly requested: number }
  | { readonly _tag: 'InvalidAmount'; readonly amount: number }

// -------------------------------------------------------------------------------------
// state
// -------------------------------------------------------------------------------------

/**
 * An account as its events leave it. Plain data: one shape in every status, so a fold keeps one
 * hidden class.
 *
 * @category model
 * @since 0.1.0
 */
export interface BankState {
  readonly status: 'none' | 'open' | 'closed'
  readonly accountId: string
  readonly owner: string
  readonly balance: number
  readonly currency: string
}

/**
 * The currency an account gets when `OpenAccount` names none.
 *
 * @category constants
 * @since 0.1.0
 */
export const defaultCurrency = 'EUR'

/**
 * The state before any event: no account.
 *
 * @category constants
 * @since 0.1.0
 */
export const initialBankState: BankState = {
  status: 'none',
  accountId: '',
  owner: '',
  balance: 0,
  currency: defaultCurrency,
}

// -------------------------------------------------------------------------------------
// decide
// -------------------------------------------------------------------------------------

const isValidAmount = (amount: number, allowZero: boolean): boolean =>
  Number.isSafeInteger(amount) && (allowZero ? amount >= 0 : amount > 0)

/** The rejection for any command but `OpenAccount` when the account cannot be used. */
const unusable = (state: BankState): BankRejection | undefined =>
  state.status === 'none'
    ? { _tag: 'AccountNotOpen' }
    : state.status === 'closed'
      ? { _tag: 'AccountClosed' }
      : undefined

const decideBank = (
  command: BankCommand,
  state: BankState,
): Either<BankRejection, ReadonlyArray<BankEvent>> => {
  switch (command.type) {
    case 'OpenAccount': {
      if (state.status === 'open') return left({ _tag: 'AccountAlreadyOpen' })
      if (state.status === 'closed') return left({ _tag: 'AccountClosed' })
      if (!isValidAmount(command.initialBalance, true)) {
        return left({ _tag: 'InvalidAmount', amount: command.initialBalance })
      }
      return right([
        {
          type: 'AccountOpened',
          accountId: command.accountId,
          owner: command.owner,
          initialBalance: command.initialBalance,
          currency: command.currency ?? defaultCurrency,
        },
      ])
    }
    case 'Deposit': {
      const refused = unusable(state)
      if (refused !== undefined) return left(refused)
      if (
        !isValidAmount(command.amount, false) ||
        !Number.isSafeInteger(state.balance + command.amount)
      ) {
        return left({ _tag: 'InvalidAmount', amount: command.amount })
      }
      return right([{ type: 'MoneyDeposited', amount: command.amount, currency: state.currency }])
    }
    case 'Withdraw': {
      const refused = unusable(state)
      if (refused !== undefined) return left(refused)
      if (!isValidAmount(command.amount, false)) {
        return left({ _tag: 'InvalidAmount', amount: command.amount })
      }
      if (command.amount > state.balance) {
        return left({
          _tag: 'InsufficientFunds',
          balance: state.balance,
          requested: command.amount,
        })
      }
      return right([{ type: 'MoneyWithdrawn', amount: command.amount }])
    }
    case 'CloseAccount': {
      const refused = unusable(state)
      if (refused !== undefined) return left(refused)
      return right([{ type: 'AccountClosed' }])
    }
  }
}

// -------------------------------------------------------------------------------------
// evolve
// -------------------------------------------------------------------------------------

const evolveBank = (state: BankState, event: BankEvent): BankState => {
  switch (event.type) {
    case 'AccountOpened':
      return {
        status: 'open',
        accountId: event.accountId,
        owner: event.owner,
        balance: event.initialBalance,
        currency: event.currency,
      }
    case 'MoneyDeposited':
      return {
        status: state.status,
        accountId: state.accountId,
        owner: state.owner,
        balance: state.balance + event.amount,
        currency: state.currency,
      }
    case 'MoneyWithdrawn':
      return {
        status: state.status,
        accountId: state.accountId,
        owner: state.owner,
        balance: state.balance - event.amount,
        currency: state.currency,
      }
    case 'AccountClosed':
      return {
        status: 'closed',
        accountId: state.accountId,
        owner: state.owner,
        balance: state.balance,
        currency: state.currency,
      }
  }
}

// -------------------------------------------------------------------------------------
// decider
// -------------------------------------------------------------------------------------

/**
 * The bank account decider. A closed account is terminal: every command is then rejected with
 * `AccountClosed`.
 *
 * @category deciders
 * @since 0.1.0
 */
export const bankAccount: Decider<BankCommand, BankState, BankEvent, BankRejection> = {
  initialState: initialBankState,
  decide: decideBank,
  evolve: evolveBank,
  isTerminal: (state) => state.status === 'closed',
}

/**
 * The invariant every reachable account state keeps: the balance is a non-negative safe
 * integer.
 *
 * @category invariants
 * @since 0.1.0
 */
export const bankInvariant = (state: BankState): boolean =>
  Number.isSafeInteger(state.balance) && state.balance >= 0
