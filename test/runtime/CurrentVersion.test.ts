/**
 * The stale-cache check of a decision that appends nothing asks the store for the stream's
 * current version without a read: the memory and file stores answer on the spot (a number, not
 * an Effect), the same answer as `streamVersion`, and a rejection on a warm stream calls
 * neither `streamVersion` nor `readStream`.
 */
import { Effect } from 'effect'
import { afterEach, describe, expect, it } from 'vitest'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import { openFileStore } from '../../src/adapters/file/index.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec } from '../../src/examples/bank.codec.js'
import type { EventStore } from '../../src/store/EventStore.js'
import { EventStoreService, commandHandler, toPromiseHandler } from '../../src/runtime/index.js'
import { tempDir } from './fixtures.js'

const open = { type: 'OpenAccount', accountId: 'a', owner: 'Ada', initialBalance: 1 } as const
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

const stores = async (): Promise<ReadonlyArray<readonly [string, EventStore]>> => {
  const { dir, remove } = tempDir('current-version')
  const file = await Effect.runPromise(openFileStore(dir))
  cleanups.push(async () => {
    await Effect.runPromise(file.close())
    remove()
  })
  return [
    ['memory', makeMemoryStore()],
    ['file', file],
  ]
}

describe('currentVersion', () => {
  it('memory and file answer on the spot, as streamVersion does', async () => {
    for (const [name, store] of await stores()) {
      const accounts = toPromiseHandler(commandHandler(bankAccount, bankEventCodec), store)
      await accounts.handle('a', open)
      await accounts.handle('a', { type: 'Deposit', amount: 1 })
      expect([name, store.currentVersion?.('a')]).toEqual([name, 2])
      expect(await Effect.runPromise(store.streamVersion('a'))).toBe(2)
    }
  })

  it('a rejection on a warm stream reads nothing and asks streamVersion nothing', async () => {
    const memory = makeMemoryStore()
    const calls = { streamVersion: 0, readStream: 0 }
    const watched: EventStore = {
      ...memory,
      streamVersion: (id) => {
        calls.streamVersion++
        return memory.streamVersion(id)
      },
      readStream: (id, options) => {
        calls.readStream++
        return memory.readStream(id, options)
      },
    }
    const accounts = toPromiseHandler(commandHandler(bankAccount, bankEventCodec), watched)
    await accounts.handle('a', open)
    const before = { ...calls }
    const refused = await accounts.handle('a', { type: 'Withdraw', amount: 1e9 })
    expect(refused._tag).toBe('Left')
    expect(calls).toEqual(before)
  })

  it('memory answers 0 on the spot for an absent stream, and fails a bad id as streamVersion does', async () => {
    const memory = makeMemoryStore()
    expect(memory.currentVersion?.('nobody')).toBe(0)
    const bad = memory.currentVersion?.('a\u0000')
    expect(Effect.isEffect(bad)).toBe(true)
    const [viaCurrent, viaStreamVersion] = await Promise.all([
      Effect.runPromise(Effect.flip(bad as Effect.Effect<number, unknown>)),
      Effect.runPromise(Effect.flip(memory.streamVersion('a\u0000'))),
    ])
    expect(viaCurrent).toEqual(viaStreamVersion)
  })

  it('a first command on an empty stream reads nothing, on both faces', async () => {
    const memory = makeMemoryStore()
    let reads = 0
    const watched: EventStore = {
      ...memory,
      readStream: (id, options) => {
        reads++
        return memory.readStream(id, options)
      },
    }
    const accounts = commandHandler(bankAccount, bankEventCodec)
    const opened = await toPromiseHandler(accounts, watched).handle('a', open)
    expect(opened._tag === 'Right' && opened.right.version).toBe(1)
    const other = { ...open, accountId: 'b' }
    const viaEffect = await Effect.runPromise(
      accounts.handle('b', other).pipe(Effect.provide(EventStoreService.layer(watched))),
    )
    expect(viaEffect.version).toBe(1)
    expect(reads).toBe(0)
    // The entry is the one a read would have built: the next command decides on it.
    const refused = await toPromiseHandler(accounts, watched).handle('a', open)
    expect(refused._tag).toBe('Left')
  })
})
