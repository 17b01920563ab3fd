/**
 * Castore's side of the runtime benchmark's load section: one account's history in Castore's
 * in-memory storage adapter, loaded through `EventStore.getAggregate` (Castore's public load
 * path: the adapter copies the stream's array, then `buildAggregate` reduces it with the
 * bank decider's `evolve`, stamped with each event's id and version by `castoreBankReducer`).
 *
 * Castore validates nothing on a read (its stored details are cast to the event types) and its
 * in-memory adapter keeps the domain events as objects, so there is nothing to decode: this row
 * does less work per event than a foldwise load, which validates and decodes every record.
 */
import { InMemoryEventStorageAdapter } from '@castore/event-storage-adapter-in-memory'
import type { BankEvent } from '../../../src/examples/bank.js'
import type { CastoreBankAggregate } from './castoreBank.js'
import {
  castoreBankReducer,
  makeCastoreBankEventStore,
  toCastoreEventDetails,
} from './castoreBank.js'

/**
 * A Castore event store holding `events` as the history of `aggregateId` (versions 1..n, one
 * timestamp), and the load of that aggregate through `getAggregate`.
 */
export const makeCastoreLoad = (
  events: ReadonlyArray<BankEvent>,
  aggregateId: string,
): (() => Promise<CastoreBankAggregate | undefined>) => {
  const accounts = makeCastoreBankEventStore(
    castoreBankReducer,
    new InMemoryEventStorageAdapter({
      initialEvents: toCastoreEventDetails(events, aggregateId, '2024-01-01T00:00:00.000Z'),
    }),
  )
  return async () => (await accounts.getAggregate(aggregateId)).aggregate
}
