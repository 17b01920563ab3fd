/**
 * The bank account on either store: the deciders, codecs and handler are the same; only the
 * constructor of the store changes. Quoted by docs/postgres.md.
 */
import type { Effect } from 'effect'
import { bankAccount } from '../../../src/examples/bank.js'
import { bankEventCodec } from '../../../src/examples/bank.codec.js'
import { openFileStore } from '../../../src/adapters/file/index.js'
import type { OpenPostgresStoreError } from '../../../src/adapters/postgres/index.js'
import { openPostgresStore } from '../../../src/adapters/postgres/index.js'
import { commandHandler, toPromiseHandler } from '../../../src/runtime/index.js'
import type { EventStore } from '../../../src/store/EventStore.js'
import type { StoreError } from '../../../src/store/StoreError.js'

// before: one machine, one directory
export const openOnOneMachine = (dir: string): Effect.Effect<EventStore, StoreError> =>
  openFileStore(dir)

// after: any number of application servers on one PostgreSQL database
export const openOnPostgres = (url: string): Effect.Effect<EventStore, OpenPostgresStoreError> =>
  openPostgresStore({ connectionString: url })

/** Opens an account, deposits, withdraws: the same code on either store. */
export const runBank = async (store: EventStore): Promise<number | undefined> => {
  const accounts = toPromiseHandler(commandHandler(bankAccount, bankEventCodec), store)
  await accounts.handle('account-1', {
    type: 'OpenAccount',
    accountId: 'account-1',
    owner: 'Ada',
    initialBalance: 1000,
  })
  await accounts.handle('account-1', { type: 'Deposit', amount: 500 })
  const withdrawn = await accounts.handle('account-1', { type: 'Withdraw', amount: 200 })
  return withdrawn._tag === 'Right' ? withdrawn.right.state.balance : undefined
}
