import { describe, expect, it } from 'vitest'
import { Effect } from 'effect'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec, bankStateCodec } from '../../src/examples/bank.codec.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import {
  createCommandHandler,
  noSnapshots,
  seededIdGenerator,
  snapshotEvery,
} from '../../src/runtime/index.js'

describe('the Promise face', () => {
  it('handles commands without Effect in user code; rejections are Left, never thrown', async () => {
    const accounts = createCommandHandler({
      store: makeMemoryStore(),
      decider: bankAccount,
      codec: bankEventCodec,
      snapshots: snapshotEvery(2, bankStateCodec),
      idGenerator: seededIdGenerator(3),
    })
    const opened = await accounts.handle('acc', {
      type: 'OpenAccount',
      accountId: 'acc',
      owner: 'Ada',
      initialBalance: 1000,
    })
    expect(isRight(opened)).toBe(true)
    await accounts.handle('acc', { type: 'Deposit', amount: 500 })
    const withdrawn = await accounts.handle('acc', { type: 'Withdraw', amount: 200 })
    expect(isRight(withdrawn) && withdrawn.right.state.balance).toBe(1300)
    const rejected = await accounts.handle('acc', { type: 'Withdraw', amount: 1e9 })
    expect(isLeft(rejected) && rejected.left._tag).toBe('InsufficientFunds')
    const before = await accounts.stateAt('acc', { version: 2 })
    expect(isRight(before) && before.right.state.balance).toBe(1500)
    const lines = await accounts.history('acc')
    expect(isRight(lines) && lines.right.length).toBe(3)
  })

  it('parallel commands on one stream through the Promise face are serialized', async () => {
    const accounts = createCommandHandler({
      store: makeMemoryStore(),
      decider: bankAccount,
      codec: bankEventCodec,
    })
    await accounts.handle('acc', {
      type: 'OpenAccount',
      accountId: 'acc',
      owner: 'Ada',
      initialBalance: 0,
    })
    const results = await Promise.all(
      Array.from({ length: 20 }, () => accounts.handle('acc', { type: 'Deposit', amount: 1 })),
    )
    expect(results.every(isRight)).toBe(true)
    const last = await accounts.stateAt('acc', { version: 1_000 })
    expect(isRight(last) && last.right.state.balance).toBe(20)
  })

  it("a command's own snapshot policy wins over the handler's; other options keep the default", async () => {
    const store = makeMemoryStore()
    const accounts = createCommandHandler({
      store,
      decider: bankAccount,
      codec: bankEventCodec,
      snapshots: snapshotEvery(1, bankStateCodec),
    })
    const open = { type: 'OpenAccount', accountId: 'a', owner: 'Ada', initialBalance: 0 } as const
    await accounts.handle('a', open, { snapshots: noSnapshots })
    await accounts.handle(
      'b',
      { ...open, accountId: 'b' },
      { snapshots: snapshotEvery(2, bankStateCodec) },
    )
    await accounts.handle('c', { ...open, accountId: 'c' }, { commandId: 'open-c' })
    const again = await accounts.handle('c', { ...open, accountId: 'c' }, { commandId: 'open-c' })
    const snapshotAt = async (streamId: string) =>
      (await Effect.runPromise(store.loadSnapshot(streamId)))?.streamVersion
    expect(await snapshotAt('a')).toBeUndefined()
    expect(await snapshotAt('b')).toBeUndefined()
    expect(await snapshotAt('c')).toBe(1)
    expect(isRight(again) && again.right.version).toBe(1)
    expect(await Effect.runPromise(store.streamVersion('c'))).toBe(1)
  })
})
