/**
 * The runtime walkthrough (docs/runtime.md): a bank account handled through a `commandHandler`, a
 * snapshot policy, a balance read model kept by a projection, and "the balance at 3 pm
 * yesterday" as a one-liner. Run by bank-runtime.test.ts.
 */
// #region setup
import { Effect } from 'effect'
import { right } from 'fp-ts/lib/Either.js'
import type { Projection } from '../../src/runtime/index.js'
import { commandHandler, runProjection, snapshotEvery } from '../../src/runtime/index.js'
import type { BankCommand, BankEvent } from '../../src/examples/bank.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec, bankStateCodec } from '../../src/examples/bank.codec.js'

/** Snapshot each account every 100 events: loading reads the snapshot and at most 99 events. */
export const accountSnapshots = snapshotEvery(100, bankStateCodec)

/** The accounts' handler: the decider, its codec and its settings, bound once. */
export const accounts = commandHandler(bankAccount, bankEventCodec, { snapshots: accountSnapshots })

/** One command on one account: load (cache or snapshot + tail), decide, append. */
export const handleAccount = (accountId: string, command: BankCommand, commandId?: string) =>
  accounts.handle(`account-${accountId}`, command, { commandId })
// #endregion setup

// #region temporal
/** The balance of an account at an instant, e.g. yesterday at 3 pm. */
export const balanceAt = (accountId: string, at: string) =>
  Effect.map(accounts.stateAt(`account-${accountId}`, { at }), ({ state }) => state.balance)
// #endregion temporal

// #region projection
/** The read model: every account's balance, by account id. */
export type Balances = Readonly<Record<string, number>>

const balanceAfter = (balance: number, event: BankEvent): number => {
  switch (event.type) {
    case 'AccountOpened':
      return event.initialBalance
    case 'MoneyDeposited':
      return balance + event.amount
    case 'MoneyWithdrawn':
      return balance - event.amount
    case 'AccountClosed':
      return balance
  }
}

/** A projection over every bank event: the balance of each account, saved with its checkpoint. */
export const balances: Projection<Balances, BankEvent> = {
  name: 'balances',
  codec: bankEventCodec,
  streams: (streamId) => streamId.startsWith('account-'),
  view: {
    initialState: {},
    evolve: (state, event, record) => {
      const accountId = record.streamId.slice('account-'.length)
      return { ...state, [accountId]: balanceAfter(state[accountId] ?? 0, event) }
    },
  },
  readModel: { encode: (model) => model, decode: (json) => right(json as Balances) },
}

/** Brings the balance read model up to date (a long-running service would omit the option). */
export const refreshBalances = Effect.map(
  runProjection(balances, { stopWhenCaughtUp: true }),
  (p) => p.readModel,
)
// #endregion projection
