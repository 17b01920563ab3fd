/**
 * Castore's side of the store benchmarks: a bank-account event store on Castore's in-memory
 * storage adapter, whose payloads are stored JSON records (as the other stores in those
 * benchmarks keep `{type, data}`), turned into domain events by the caller's mapping inside the
 * reducer, so every row pays for the same mapping.
 */
import type { EventStorageAdapter, EventTypeDetails } from '@castore/core'
import { EventStore, EventType } from '@castore/core'
import type { BankEvent } from '../../../src/examples/bank.js'
import { bankAccount } from '../../../src/examples/bank.js'
import type { Json } from '../../../src/codec/RecordedEvent.js'
import type { CastoreBankAggregate } from './castoreBank.js'
import { toCastoreAggregate } from './castoreBank.js'

/** A stored payload: a JSON record. */
export type StoredPayload = { readonly [key: string]: Json }

/** The bank's event types, each with a JSON record as its payload. */
export const castoreStoredBankEventTypes = [
  new EventType<'AccountOpened', StoredPayload>({ type: 'AccountOpened' }),
  new EventType<'MoneyDeposited', StoredPayload>({ type: 'MoneyDeposited' }),
  new EventType<'MoneyWithdrawn', StoredPayload>({ type: 'MoneyWithdrawn' }),
  new EventType<'AccountClosed', StoredPayload>({ type: 'AccountClosed' }),
]

/** The event details those types describe. */
export type CastoreStoredBankEventDetail = EventTypeDetails<typeof castoreStoredBankEventTypes>

/**
 * A Castore event store of bank accounts whose reducer maps each stored payload to a domain
 * event with `toBankEvent` and runs the bank decider's `evolve`.
 */
export const makeCastoreStoredBankEventStore = (
  toBankEvent: (type: string, payload: StoredPayload) => BankEvent,
  eventStorageAdapter: EventStorageAdapter,
) =>
  new EventStore({
    eventStoreId: 'BANK_ACCOUNTS',
    eventTypes: castoreStoredBankEventTypes,
    reducer: (
      aggregate: CastoreBankAggregate | undefined,
      event: CastoreStoredBankEventDetail,
    ): CastoreBankAggregate =>
      toCastoreAggregate(
        bankAccount.evolve(
          aggregate ?? bankAccount.initialState,
          toBankEvent(event.type, event.payload),
        ),
        event,
      ),
    eventStorageAdapter,
  })
