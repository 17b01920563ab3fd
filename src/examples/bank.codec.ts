/**
 * The bank account's codecs: its commands, its events, with their history, and its state.
 *
 * History: `MoneyDeposited` v1 had no `currency` (every account was in euros); v2 adds it, and
 * the upcaster gives v1 records the default currency, 'EUR'.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import type { CommandCodec, StateCodec } from '../codec/index.js'
import { SafeInteger, commandCodec, eventCodec, stateCodec, versions } from '../codec/index.js'
import type { BankCommand, BankEvent, BankState } from './bank.js'
import { defaultCurrency } from './bank.js'

/**
 * `MoneyDeposited` as first written: an amount, no currency.
 *
 * @category codecs
 * @since 0.1.0
 */
export const MoneyDepositedV1 = t.type({ amount: SafeInteger }, 'MoneyDepositedV1')

/**
 * `MoneyDeposited` now: an amount and its currency.
 *
 * @category codecs
 * @since 0.1.0
 */
export const MoneyDepositedV2 = t.type(
  { amount: SafeInteger, currency: t.string },
  'MoneyDepositedV2',
)

/**
 * The codec of every bank event, current and historic.
 *
 * @category codecs
 * @since 0.1.0
 */
export const bankEventCodec = eventCodec<BankEvent>()({
  AccountOpened: versions(
    t.type(
      { accountId: t.string, owner: t.string, initialBalance: SafeInteger, currency: t.string },
      'AccountOpened',
    ),
  ),
  MoneyDeposited: versions(MoneyDepositedV1).upcastTo(MoneyDepositedV2, (v1) => ({
    amount: v1.amount,
    currency: defaultCurrency,
  })),
  MoneyWithdrawn: versions(t.type({ amount: SafeInteger }, 'MoneyWithdrawn')),
  AccountClosed: versions(t.type({}, 'AccountClosed')),
})

/**
 * The codec of a bank account's snapshot (state version 1).
 *
 * @category codecs
 * @since 0.1.0
 */
export const bankStateCodec: StateCodec<BankState> = stateCodec({
  version: 1,
  name: 'BankState',
  codec: t.type({
    status: t.keyof({ none: null, open: null, closed: null }),
    accountId: t.string,
    owner: t.string,
    balance: SafeInteger,
    currency: t.string,
  }),
})

/**
 * The codec of every bank command, for commands that arrive as JSON (HTTP, queues, the CLI's
 * `handle`).
 *
 * @category codecs
 * @since 0.1.0
 */
export const bankCommandCodec: CommandCodec<BankCommand> = commandCodec<BankCommand>()({
  OpenAccount: t.intersection([
    t.type({ accountId: t.string, owner: t.string, initialBalance: SafeInteger }),
    t.partial({ currency: t.string }),
  ]),
  Deposit: t.type({ amount: SafeInteger }),
  Withdraw: t.type({ amount: SafeInteger }),
  CloseAccount: t.type({}),
})
