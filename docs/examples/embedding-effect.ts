/**
 * Embedding walkthrough (docs/embedding.md), part 2: the same bank account in an Effect
 * program, with a rejection recovered by its tag and the store given by a layer that opens
 * the file store and closes it when the program ends. Run by embedding.test.ts.
 *
 * @since 0.1.0
 */
// #region program
import { Effect } from 'effect'
import { commandHandler } from '../../src/runtime/index.js'
import type { BankCommand } from '../../src/examples/bank.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec } from '../../src/examples/bank.codec.js'

/** The bank accounts: the decider bound to its codec (and settings, none here), once. */
const accounts = commandHandler(bankAccount, bankEventCodec)

/** One command on one account: an Effect that needs an `EventStoreService`. */
export const account = (accountId: string, command: BankCommand) =>
  accounts.handle(`account-${accountId}`, command)

/**
 * Pays a bill when the money is there. An overdraft is an answer: the domain's rejection,
 * under the one tag `Rejected`, recovered by its own tag.
 */
export const payBill = (accountId: string, amount: number) =>
  account(accountId, { type: 'Withdraw', amount }).pipe(
    Effect.map(({ state }) => ({ paid: true, balance: state.balance })),
    Effect.catchTag('Rejected', ({ rejection }) =>
      rejection._tag === 'InsufficientFunds'
        ? Effect.succeed({ paid: false, balance: rejection.balance })
        : Effect.fail({ _tag: 'Rejected' as const, rejection }),
    ),
  )

/** The program: open an account, then pay two bills of 600 from 1000. */
export const program = Effect.gen(function* () {
  yield* account('ada', {
    type: 'OpenAccount',
    accountId: 'ada',
    owner: 'Ada',
    initialBalance: 1000,
  })
  const first = yield* payBill('ada', 600)
  const second = yield* payBill('ada', 600)
  return [first, second]
})
// #endregion program

// #region layer
import { Layer } from 'effect'
import { openFileStore } from '../../src/adapters/file/index.js'
import { EventStoreService } from '../../src/runtime/index.js'

/** The store of the application: the file store in `dir`, closed when the program ends. */
export const fileStoreLayer = (dir: string) =>
  Layer.unwrap(
    Effect.map(
      Effect.acquireRelease(openFileStore(dir), (store) => store.close()),
      (store) => EventStoreService.layer(store),
    ),
  )

/** The edge of the application: the one place where the program is run. */
export const main = (dir: string) =>
  Effect.runPromise(program.pipe(Effect.provide(fileStoreLayer(dir))))
// #endregion layer
