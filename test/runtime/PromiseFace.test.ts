import { describe, expect, it } from 'vitest'
import { Effect } from 'effect'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import type { BankCommand, BankState } from '../../src/examples/bank.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec, bankStateCodec } from '../../src/examples/bank.codec.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import {
  EventStoreService,
  commandHandler,
  seededIdGenerator,
  snapshotEvery,
  toPromiseFollowers,
  toPromiseHandler,
} from '../../src/runtime/index.js'
import type { Projection } from '../../src/runtime/index.js'

const open = { type: 'OpenAccount', accountId: 'acc', owner: 'Ada', initialBalance: 1000 } as const

describe('the Promise face', () => {
  it('handles commands without Effect in user code; rejections are Left(Rejected), never thrown', async () => {
    const handler = commandHandler(bankAccount, bankEventCodec, {
      snapshots: snapshotEvery(2, bankStateCodec),
    })
    const accounts = toPromiseHandler(handler, makeMemoryStore(), {
      idGenerator: seededIdGenerator(3),
    })
    const opened = await accounts.handle('acc', open)
    expect(isRight(opened)).toBe(true)
    await accounts.handle('acc', { type: 'Deposit', amount: 500 })
    const withdrawn = await accounts.handle('acc', { type: 'Withdraw', amount: 200 })
    expect(isRight(withdrawn) && withdrawn.right.state.balance).toBe(1300)
    const rejected = await accounts.handle('acc', { type: 'Withdraw', amount: 1e9 })
    expect(isLeft(rejected) && rejected.left).toEqual({
      _tag: 'Rejected',
      rejection: { _tag: 'InsufficientFunds', balance: 1300, requested: 1e9 },
    })
    const before = await accounts.stateAt('acc', { version: 2 })
    expect(isRight(before) && before.right.state.balance).toBe(1500)
    const now = await accounts.state('acc')
    expect(isRight(now) && now.right).toMatchObject({ version: 3, state: { balance: 1300 } })
    const lines = await accounts.history('acc')
    expect(isRight(lines) && lines.right.length).toBe(3)
  })

  it('parallel commands on one stream through the Promise face are serialized', async () => {
    const accounts = toPromiseHandler(
      commandHandler(bankAccount, bankEventCodec),
      makeMemoryStore(),
    )
    await accounts.handle('acc', { ...open, initialBalance: 0 })
    const results = await Promise.all(
      Array.from({ length: 20 }, () => accounts.handle('acc', { type: 'Deposit', amount: 1 })),
    )
    expect(results.every(isRight)).toBe(true)
    const last = await accounts.state('acc')
    expect(isRight(last) && last.right.state.balance).toBe(20)
  })

  it('every per-command option reaches the store as the Effect face writes it', async () => {
    const options = {
      commandId: 'c-1',
      correlationId: 'corr',
      causationId: 'cause',
      metadata: { tenant: 't-1' },
    }
    const store = makeMemoryStore()
    const handler = commandHandler(bankAccount, bankEventCodec)
    await toPromiseHandler(handler, store).handle('p', { ...open, accountId: 'p' }, options)
    await Effect.runPromise(
      handler
        .handle('e', { ...open, accountId: 'e' }, options)
        .pipe(Effect.provide(EventStoreService.layer(store))),
    )
    const [promised] = await Effect.runPromise(store.readStream('p'))
    const [effected] = await Effect.runPromise(store.readStream('e'))
    expect({ ...promised?.metadata, recordedAt: '' }).toEqual({
      ...effected?.metadata,
      recordedAt: '',
    })
    expect(promised?.metadata).toMatchObject({
      commandId: 'c-1',
      tenant: 't-1',
      causationId: 'cause',
    })
  })

  it('a rejection on a warm stream runs decide once, on either face', async () => {
    let decides = 0
    const counting = {
      ...bankAccount,
      decide: (command: BankCommand, state: BankState) => {
        decides++
        return bankAccount.decide(command, state)
      },
    }
    const store = makeMemoryStore()
    const handler = commandHandler(counting, bankEventCodec)
    const accounts = toPromiseHandler(handler, store)
    await accounts.handle('acc', open)
    decides = 0
    const refused = await accounts.handle('acc', { type: 'Withdraw', amount: 1e9 })
    expect(isLeft(refused)).toBe(true)
    expect(decides).toBe(1)
    decides = 0
    await Effect.runPromise(
      Effect.flip(handler.handle('acc', { type: 'Withdraw', amount: 1e9 })).pipe(
        Effect.provide(EventStoreService.layer(store)),
      ),
    )
    expect(decides).toBe(1)
  })

  it('projections and subscriptions run on the Promise face too', async () => {
    const store = makeMemoryStore()
    const accounts = toPromiseHandler(commandHandler(bankAccount, bankEventCodec), store)
    await accounts.handle('acc', open)
    await accounts.handle('acc', { type: 'Deposit', amount: 5 })
    const followers = toPromiseFollowers(store)
    const seen: Array<string> = []
    const subscribed = await followers.subscribe((record) => void seen.push(record.type), {
      stopWhenCaughtUp: true,
    })
    expect(isRight(subscribed)).toBe(true)
    expect(seen).toEqual(['AccountOpened', 'MoneyDeposited'])
    const counter: Projection<number, unknown> = {
      name: 'count',
      view: { initialState: 0, evolve: (n) => n + 1 },
      codec: {
        encode: () => ({ type: 'x', schemaVersion: 1, data: {} }),
        decode: (r) => ({ _tag: 'Right', right: r }),
      },
      readModel: {
        encode: (n) => n,
        decode: (json) =>
          typeof json === 'number' ? { _tag: 'Right', right: json } : { _tag: 'Left', left: json },
      },
    }
    const ran = await followers.runProjection(counter, { stopWhenCaughtUp: true })
    expect(isRight(ran) && ran.right.readModel).toBe(2)
    const stop = new AbortController()
    const forever = followers.subscribe(() => undefined, { signal: stop.signal })
    stop.abort()
    expect(await forever).toEqual({ _tag: 'Left', left: { _tag: 'FollowerStopped' } })
  })
})
