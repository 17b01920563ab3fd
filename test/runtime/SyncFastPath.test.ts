/**
 * The fast path on a synchronous store (the memory store's `appendSync`): a command settles
 * without a fiber or the stream lock, yet behaves as the effectful path does — snapshots
 * saved with the lock held and released, defects rejected, another writer's append caught —
 * and the default event ids are version-4 UUIDs.
 */
import { Effect } from 'effect'
import { isRight } from 'fp-ts/lib/Either.js'
import { right } from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { BankEvent } from '../../src/examples/bank.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec, bankStateCodec } from '../../src/examples/bank.codec.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import { commandHandler, toPromiseHandler, snapshotEvery } from '../../src/runtime/index.js'
import { runtimeStoreOf } from '../../src/runtime/services.js'
import { randomUuids } from '../../src/runtime/RandomIds.js'

const open = { type: 'OpenAccount', accountId: 'a', owner: 'Ada', initialBalance: 100 } as const
const deposit = (amount: number) => ({ type: 'Deposit', amount }) as const
const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('the fast path on a synchronous store', () => {
  it('the memory store is seen as synchronous, so warm commands settle without the lock', async () => {
    const store = makeMemoryStore()
    const accounts = toPromiseHandler(commandHandler(bankAccount, bankEventCodec), store)
    await accounts.handle('a', open)
    const runtime = runtimeStoreOf(store)
    expect(runtime.appendSync).toBeDefined()
    const pending = accounts.handle('a', deposit(5))
    expect(runtime.locks.size).toBe(0)
    const done = await pending
    expect(isRight(done) && done.right.version).toBe(2)
  })

  it('a snapshot due after a synchronous append is saved, and the lock released', async () => {
    const store = makeMemoryStore()
    const accounts = toPromiseHandler(
      commandHandler(bankAccount, bankEventCodec, { snapshots: snapshotEvery(2, bankStateCodec) }),
      store,
    )
    await accounts.handle('a', open)
    await accounts.handle('a', deposit(5))
    await accounts.handle('a', deposit(6))
    await accounts.handle('a', deposit(7))
    const snapshot = Effect.runSync(store.loadSnapshot('a'))
    expect(snapshot?.streamVersion).toBe(4)
    expect(runtimeStoreOf(store).locks.size).toBe(0)
  })

  it("another writer's append is caught on the fast path, and the command decided again", async () => {
    const store = makeMemoryStore()
    const accounts = toPromiseHandler(commandHandler(bankAccount, bankEventCodec), store)
    await accounts.handle('a', open)
    const encoded = bankEventCodec.encode({ type: 'MoneyDeposited', amount: 50, currency: 'EUR' })
    Effect.runSync(
      store.append('a', [{ eventId: 'other', ...encoded, metadata: {} }], { expectedVersion: 1 }),
    )
    const done = await accounts.handle('a', deposit(5))
    expect(done).toEqual(right(expect.objectContaining({ version: 3 })))
    expect(isRight(done) && done.right.state.balance).toBe(155)
  })

  it('a defect on the fast path rejects the promise and leaves no lock behind', async () => {
    const store = makeMemoryStore()
    let explode = false
    const fragile = {
      ...bankAccount,
      evolve: (state: Parameters<typeof bankAccount.evolve>[0], event: BankEvent) => {
        if (explode) throw new Error('boom')
        return bankAccount.evolve(state, event)
      },
    }
    const accounts = toPromiseHandler(commandHandler(fragile, bankEventCodec), store)
    await accounts.handle('a', open)
    explode = true
    await expect(accounts.handle('a', deposit(5))).rejects.toThrow('boom')
    expect(runtimeStoreOf(store).locks.size).toBe(0)
  })

  it('default event ids are distinct version-4 UUIDs, across batches of random bytes', async () => {
    const next = randomUuids()
    const ids = Array.from({ length: 1_000 }, () => next())
    expect(ids.every((id) => uuidV4.test(id))).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    const store = makeMemoryStore()
    const accounts = toPromiseHandler(commandHandler(bankAccount, bankEventCodec), store)
    await accounts.handle('a', open)
    await accounts.handle('a', deposit(1))
    const records = Effect.runSync(store.readStream('a'))
    expect(records.every((record) => uuidV4.test(record.eventId))).toBe(true)
  })
})
