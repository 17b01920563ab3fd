/**
 * Embedding walkthrough (docs/embedding.md), part 1: the bank account in a plain Promise
 * application. No Effect in sight: every call resolves to an fp-ts `Either`. Run by
 * embedding.test.ts.
 *
 * @since 0.1.0
 */
// #region accounts
import type { CommandHandler, HandleError } from '../../src/runtime/index.js'
import { createCommandHandler } from '../../src/runtime/index.js'
import type { EventStore } from '../../src/store/index.js'
import type { BankCommand, BankEvent, BankRejection, BankState } from '../../src/examples/bank.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec } from '../../src/examples/bank.codec.js'

/** The bank accounts of an ordinary async application, on any store. */
export type Accounts = CommandHandler<BankCommand, BankState, BankEvent, BankRejection>

/** Binds the decider and its codec to a store, once, at start-up. */
export const makeAccounts = (store: EventStore): Accounts =>
  createCommandHandler({ store, decider: bankAccount, codec: bankEventCodec })
// #endregion accounts

// #region route
/** What a route of any web framework (Express, Fastify, Hono, ...) sends back. */
export interface Reply {
  readonly status: number
  readonly body: { readonly [key: string]: string | number }
}

/** Every refusal has its status: the domain's own, and the store's as a server error. */
const statusOf = (error: HandleError<BankRejection>): number => {
  switch (error._tag) {
    case 'InvalidAmount':
      return 400
    case 'AccountNotOpen':
      return 404
    case 'AccountAlreadyOpen':
    case 'AccountClosed':
    case 'InsufficientFunds':
      return 409
    default:
      return 503 // the store or a stored event failed: not the caller's fault
  }
}

/** POST /accounts/:id/withdrawals, in plain async/await: nothing to catch. */
export const withdraw = async (
  accounts: Accounts,
  accountId: string,
  amount: number,
): Promise<Reply> => {
  const result = await accounts.handle(`account-${accountId}`, { type: 'Withdraw', amount })
  if (result._tag === 'Right') return { status: 200, body: { balance: result.right.state.balance } }
  return { status: statusOf(result.left), body: { error: result.left._tag } }
}
// #endregion route
