/**
 * Loading validates each stored record once per process and codec: a second load of the same
 * frozen records does not decode them again, while a record that is not frozen (an adapter
 * that hands out mutable records) or a record read under another codec is always decoded.
 */
import { describe, expect, it } from 'vitest'
import { Effect } from 'effect'
import type { EventCodec } from '../../src/codec/EventCodec.js'
import type { RecordedEvent } from '../../src/codec/RecordedEvent.js'
import type { BankEvent } from '../../src/examples/bank.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec } from '../../src/examples/bank.codec.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import type { EventStore } from '../../src/store/EventStore.js'
import { commandHandler, toPromiseHandler } from '../../src/runtime/index.js'

const counting = (codec: EventCodec<BankEvent>) => {
  const count = { decodes: 0 }
  const wrapped: EventCodec<BankEvent> = {
    encode: codec.encode,
    decode: (record) => {
      count.decodes++
      return codec.decode(record)
    },
  }
  return { codec: wrapped, count }
}

const withHistory = async (store: EventStore) => {
  const accounts = toPromiseHandler(commandHandler(bankAccount, bankEventCodec), store)
  await accounts.handle('a', {
    type: 'OpenAccount',
    accountId: 'a',
    owner: 'Ada',
    initialBalance: 1,
  })
  for (let i = 0; i < 9; i++) await accounts.handle('a', { type: 'Deposit', amount: 1 })
}

describe('loading decodes a record once per process and codec', () => {
  it('a second load of the same frozen records validates nothing again', async () => {
    const store = makeMemoryStore()
    await withHistory(store)
    const { codec, count } = counting(bankEventCodec)
    const accounts = toPromiseHandler(commandHandler(bankAccount, codec), store)
    const first = await accounts.state('a')
    expect(count.decodes).toBe(10)
    const second = await accounts.state('a')
    expect(count.decodes).toBe(10)
    expect(second).toEqual(first)
    // Another codec has validated nothing yet.
    const other = counting(bankEventCodec)
    await toPromiseHandler(commandHandler(bankAccount, other.codec), store).state('a')
    expect(other.count.decodes).toBe(10)
  })

  it('records that are not frozen are decoded on every load', async () => {
    const memory = makeMemoryStore()
    await withHistory(memory)
    // The same record objects on every read, but not frozen: anyone could change them.
    const copies = new Map<string, RecordedEvent>()
    const thawed: EventStore = {
      ...memory,
      readStream: (streamId, options) =>
        Effect.map(memory.readStream(streamId, options), (records) =>
          records.map((record) => {
            let copy = copies.get(record.eventId)
            if (copy === undefined) copies.set(record.eventId, (copy = { ...record }))
            return copy
          }),
        ),
    }
    const { codec, count } = counting(bankEventCodec)
    const accounts = toPromiseHandler(commandHandler(bankAccount, codec), thawed)
    await accounts.state('a')
    await accounts.state('a')
    expect(count.decodes).toBe(20)
  })
})
