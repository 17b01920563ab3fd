/**
 * Embedding walkthrough (docs/embedding.md), part 3: the same bank account in a web page. The
 * page decides commands locally, at once, and keeps the encoded events to send to a server.
 * Only the kernel, the codecs and the domain are imported: no Node module, no effect. Bundled
 * and run by embedding.test.ts.
 *
 * @since 0.1.0
 */
// #region page
import type { Either } from 'fp-ts/lib/Either.js'
import { left, right } from 'fp-ts/lib/Either.js'
import type { EncodedEvent } from '../../src/codec/index.js'
import { decideAndEvolve } from '../../src/index.js'
import type { BankCommand, BankRejection, BankState } from '../../src/examples/bank.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec } from '../../src/examples/bank.codec.js'

/** An account held in the page: its state, and the events not yet sent. */
export interface LocalAccount {
  readonly state: BankState
  readonly unsent: ReadonlyArray<EncodedEvent>
}

/** The account before any command. */
export const emptyAccount: LocalAccount = { state: bankAccount.initialState, unsent: [] }

const decide = decideAndEvolve(bankAccount)

/** Decides a command in the page: the new account, or the rejection to show the user. */
export const dispatch = (
  account: LocalAccount,
  command: BankCommand,
): Either<BankRejection, LocalAccount> => {
  const decided = decide(command, account.state)
  if (decided._tag === 'Left') return left(decided.left)
  return right({
    state: decided.right.state,
    unsent: [...account.unsent, ...decided.right.events.map(bankEventCodec.encode)],
  })
}
// #endregion page
