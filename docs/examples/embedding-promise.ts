/**
 * Embedding walkthrough (docs/embedding.md), part 1: the bank account in a plain Promise
 * application. No Effect in sight: every call resolves to an fp-ts `Either`. Run by
 * embedding.test.ts.
 *
 * @since 0.1.0
 */
// #region accounts
import type { HandleError, PromiseCommandHandler } from '../../src/runtime/index.js'
import { commandHandler, toPromiseHandler } from '../../src/runtime/index.js'
import type { EventStore } from '../../src/store/index.js'
import type { BankCommand, BankEvent, BankRejection, BankState } from '../../src/examples/bank.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec } from '../../src/examples/bank.codec.js'

/** The bank accounts of an ordinary async application, on any store. */
export type Accounts = PromiseCommandHandler<BankCommand, BankState, BankEvent, BankRejection>

/** The handler value (decider, codec, settings), given its Promise face on a store at start-up. */
export const makeAccounts = (store: EventStore): Accounts =>
  toPromiseHandler(commandHandler(bankAccount, bankEventCodec), store)
// #endregion accounts

// #region route
/** What a route of any web framework (Express, Fastify, Hono, ...) sends back. */
export interface Reply {
  readonly status: number
  readonly body: { readonly [key: string]: string | number }
}

/** Every refusal has its status: the domain's own, and the store's as a server error. */
const statusOf = (error: HandleError<BankRejection>): number => {
  if (error._tag !== 'Rejected') return 503 // the store or a stored event failed
  switch (error.rejection._tag) {
    case 'InvalidAmount':
      return 400
    case 'AccountNotOpen':
      return 404
    case 'AccountAlreadyOpen':
    case 'AccountClosed':
    case 'InsufficientFunds':
      return 409
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
  const error = result.left
  const name = error._tag === 'Rejected' ? error.rejection._tag : error._tag
  return { status: statusOf(error), body: { error: name } }
}
// #endregion route
