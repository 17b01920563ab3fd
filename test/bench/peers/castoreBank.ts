/**
 * Castore's side of the bank-account benchmarks, written the way Castore's README and docs
 * write an event store: one `EventType` per event type, an aggregate that carries its
 * `aggregateId` and `version`, and a reducer `(aggregate, eventDetail) => aggregate` that gets
 * `undefined` before the first event. Event details are Castore's shape:
 * `{aggregateId, version, type, timestamp, payload}`; here the payload is the bank's domain
 * event itself (as Emmett's `data` is in the fold benchmark), so no row pays for a mapping.
 *
 * Two reducers:
 * - `castoreBankReducer` runs the bank decider's own `evolve` and stamps the aggregate with the
 *   event's id and version: the same domain code as every other row of the fold benchmark;
 * - `castoreStyleBankReducer` is the reducer a Castore user writes by hand (a switch that
 *   builds the next aggregate in one record), Castore at its best.
 */
import type { EventStorageAdapter, EventTypeDetails } from '@castore/core'
import { EventStore, EventType } from '@castore/core'
import type { BankEvent, BankState } from '../../../src/examples/bank.js'
import { bankAccount } from '../../../src/examples/bank.js'

/** A bank event of one type. */
type BankEventOf<Type extends BankEvent['type']> = Extract<BankEvent, { readonly type: Type }>

/** Castore's aggregate: the account's state beside the id and version Castore requires. */
export interface CastoreBankAggregate extends BankState {
  readonly aggregateId: string
  readonly version: number
}

/** The bank's event types, each with the domain event as its payload. */
export const castoreBankEventTypes = [
  new EventType<'AccountOpened', BankEventOf<'AccountOpened'>>({ type: 'AccountOpened' }),
  new EventType<'MoneyDeposited', BankEventOf<'MoneyDeposited'>>({ type: 'MoneyDeposited' }),
  new EventType<'MoneyWithdrawn', BankEventOf<'MoneyWithdrawn'>>({ type: 'MoneyWithdrawn' }),
  new EventType<'AccountClosed', BankEventOf<'AccountClosed'>>({ type: 'AccountClosed' }),
]

/** The event details those types describe: `{aggregateId, version, type, timestamp, payload}`. */
export type CastoreBankEventDetail = EventTypeDetails<typeof castoreBankEventTypes>

/** A state stamped with the id and version of the event that produced it (explicit fields). */
export const toCastoreAggregate = (
  state: BankState,
  event: { readonly aggregateId: string; readonly version: number },
): CastoreBankAggregate => ({
  aggregateId: event.aggregateId,
  version: event.version,
  status: state.status,
  accountId: state.accountId,
  owner: state.owner,
  balance: state.balance,
  currency: state.currency,
})

/** The bank decider's `evolve` as a Castore reducer. */
export const castoreBankReducer = (
  aggregate: CastoreBankAggregate | undefined,
  event: CastoreBankEventDetail,
): CastoreBankAggregate =>
  toCastoreAggregate(
    bankAccount.evolve(aggregate ?? bankAccount.initialState, event.payload),
    event,
  )

/** The reducer as Castore's docs write one: a switch over the detail's type, one record each. */
export const castoreStyleBankReducer = (
  aggregate: CastoreBankAggregate | undefined,
  event: CastoreBankEventDetail,
): CastoreBankAggregate => {
  const { aggregateId, version } = event
  const previous = aggregate ?? toCastoreAggregate(bankAccount.initialState, event)
  switch (event.type) {
    case 'AccountOpened':
      return {
        aggregateId,
        version,
        status: 'open',
        accountId: event.payload.accountId,
        owner: event.payload.owner,
        balance: event.payload.initialBalance,
        currency: event.payload.currency,
      }
    case 'MoneyDeposited':
      return {
        aggregateId,
        version,
        status: previous.status,
        accountId: previous.accountId,
        owner: previous.owner,
        balance: previous.balance + event.payload.amount,
        currency: previous.currency,
      }
    case 'MoneyWithdrawn':
      return {
        aggregateId,
        version,
        status: previous.status,
        accountId: previous.accountId,
        owner: previous.owner,
        balance: previous.balance - event.payload.amount,
        currency: previous.currency,
      }
    case 'AccountClosed':
      return {
        aggregateId,
        version,
        status: 'closed',
        accountId: previous.accountId,
        owner: previous.owner,
        balance: previous.balance,
        currency: previous.currency,
      }
  }
}

/** A Castore event store of bank accounts over the given reducer and storage adapter. */
export const makeCastoreBankEventStore = (
  reducer: typeof castoreBankReducer,
  eventStorageAdapter: EventStorageAdapter,
) =>
  new EventStore({
    eventStoreId: 'BANK_ACCOUNTS',
    eventTypes: castoreBankEventTypes,
    reducer,
    eventStorageAdapter,
  })

/**
 * A history as Castore event details of one aggregate, versions 1..n, one timestamp. A mutable
 * array, because Castore's `buildAggregate` takes one (it only reads it).
 */
export const toCastoreEventDetails = (
  events: ReadonlyArray<BankEvent>,
  aggregateId: string,
  timestamp: string,
): Array<CastoreBankEventDetail> =>
  events.map(
    (payload, i): CastoreBankEventDetail =>
      ({
        aggregateId,
        version: i + 1,
        type: payload.type,
        timestamp,
        payload,
      }) as CastoreBankEventDetail,
  )
