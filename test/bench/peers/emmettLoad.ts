/**
 * Emmett's side of the runtime benchmark's load section: one account's history in Emmett's
 * in-memory event store, stored as the command section's Emmett row stores it (`{type, data}`
 * with the bank codec's encoded data), loaded through `aggregateStream` (Emmett's public load
 * path: `readStream` slices the stream, then a reduce with the caller's `evolve`), whose `evolve`
 * maps a stored event back to a domain event as that row's does: `{type, ...data}`, unchecked.
 *
 * Emmett validates nothing on a read, so this row does less work per event than a foldwise
 * load, which validates and decodes every record.
 */
import { getInMemoryEventStore } from '@event-driven-io/emmett'
import type { BankEvent, BankState } from '../../../src/examples/bank.js'
import { bankAccount } from '../../../src/examples/bank.js'
import { bankEventCodec } from '../../../src/examples/bank.codec.js'

/** A bank event as Emmett stores it: its type and its encoded data. */
interface EmmettBankEvent {
  readonly type: string
  readonly data: Record<string, unknown>
}

/** Appends per call when filling the store (Emmett copies the stream's array on every append). */
const batchSize = 10_000

/**
 * An Emmett in-memory event store holding `events` as stream `streamName`, and the load of that
 * stream's state through `aggregateStream`.
 */
export const makeEmmettLoad = async (
  events: ReadonlyArray<BankEvent>,
  streamName: string,
): Promise<() => Promise<BankState>> => {
  const store = getInMemoryEventStore()
  for (let from = 0; from < events.length; from += batchSize) {
    await store.appendToStream<EmmettBankEvent>(
      streamName,
      events.slice(from, from + batchSize).map((event) => {
        const encoded = bankEventCodec.encode(event)
        return { type: encoded.type, data: encoded.data as Record<string, unknown> }
      }),
    )
  }
  const evolve = (state: BankState, event: EmmettBankEvent): BankState =>
    bankAccount.evolve(state, { type: event.type, ...event.data } as BankEvent)
  const initialState = () => bankAccount.initialState
  return async () =>
    (await store.aggregateStream<BankState, EmmettBankEvent>(streamName, { evolve, initialState }))
      .state
}
