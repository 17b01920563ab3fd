/**
 * Loading validates every record it folds, on every load: nothing decoded before is trusted
 * again, so a second load of the same records decodes them all again, and a record that fails
 * to decode fails the load even after a load that succeeded.
 */
import { describe, expect, it } from 'vitest'
import { left } from 'fp-ts/lib/Either.js'
import { unknownEventType } from '../../src/codec/DecodeError.js'
import type { EventCodec } from '../../src/codec/EventCodec.js'
import type { BankEvent } from '../../src/examples/bank.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec } from '../../src/examples/bank.codec.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import type { EventStore } from '../../src/store/EventStore.js'
import { commandHandler, toPromiseHandler } from '../../src/runtime/index.js'

const counting = (codec: EventCodec<BankEvent>) => {
  const count = { decodes: 0, refuse: false }
  const wrapped: EventCodec<BankEvent> = {
    encode: codec.encode,
    decode: (record) => {
      count.decodes++
      return count.refuse ? left(unknownEventType(record, [])) : codec.decode(record)
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

describe('loading validates every record on every load', () => {
  it('a second load of the same frozen records decodes them all again', async () => {
    const store = makeMemoryStore()
    await withHistory(store)
    const { codec, count } = counting(bankEventCodec)
    const accounts = toPromiseHandler(commandHandler(bankAccount, codec), store)
    const first = await accounts.state('a')
    expect(count.decodes).toBe(10)
    const second = await accounts.state('a')
    expect(count.decodes).toBe(20)
    expect(second).toEqual(first)
  })

  it('a codec that refuses after a successful load fails the next load', async () => {
    const store = makeMemoryStore()
    await withHistory(store)
    const { codec, count } = counting(bankEventCodec)
    const promise = toPromiseHandler(commandHandler(bankAccount, codec), store)
    expect((await promise.state('a'))._tag).toBe('Right')
    count.refuse = true
    const refused = await promise.state('a')
    expect(refused._tag === 'Left' && refused.left._tag).toBe('EventDecodeFailed')
  })
})
