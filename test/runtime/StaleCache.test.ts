/**
 * A decision that appends nothing (a rejection, or no events) gets no expected-version check
 * from the store, so one made on a stale cache entry would be a wrong answer. Two runtimes
 * (two caches, as two processes or two servers have) share one store here.
 */
import { assert, describe, it } from '@effect/vitest'
import { Effect } from 'effect'
import { right } from 'fp-ts/lib/Either.js'
import { bankAccount } from '../../src/examples/bank.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import type { HandledDecider } from '../../src/runtime/CommandRun.js'
import { commandHandler, seededIdGenerator, toPromiseHandler } from '../../src/runtime/index.js'
import { bankCodec, passThroughCodec, runtimeLayer, twoProcessesAfter } from './fixtures.js'
import { countingReads } from './storeWrappers.js'

const open = { type: 'OpenAccount', accountId: 'a-1', owner: 'Ada', initialBalance: 100 } as const

/** A switch: turning it to the position it is in appends nothing. */
type SwitchEvent = { readonly type: 'Switched'; readonly on: boolean }
const lightSwitch: HandledDecider<{ readonly on: boolean }, boolean, SwitchEvent, never> = {
  initialState: false,
  decide: (command, on) => right(command.on === on ? [] : [{ type: 'Switched', on: command.on }]),
  evolve: (_, event) => event.on,
}
const switchCodec = passThroughCodec<SwitchEvent>(['Switched'])

describe('handle: a decision that appends nothing is checked against the stream', () => {
  it.effect(
    "a withdrawal rejected by a stale cache is decided again after another process's deposit",
    () =>
      Effect.gen(function* () {
        const { processA: a, processB: b } = yield* twoProcessesAfter(open)
        yield* commandHandler(bankAccount, bankCodec)
          .handle('a-1', { type: 'Deposit', amount: 1000 })
          .pipe(Effect.provide(b))
        const outcome = yield* commandHandler(bankAccount, bankCodec)
          .handle('a-1', {
            type: 'Withdraw',
            amount: 500,
          })
          .pipe(Effect.provide(a))
        assert.strictEqual(outcome.state.balance, 600)
        assert.strictEqual(outcome.version, 3)
      }),
  )

  it.effect('the same with a command id (the general path)', () =>
    Effect.gen(function* () {
      const { processA: a, processB: b } = yield* twoProcessesAfter(open)
      yield* commandHandler(bankAccount, bankCodec)
        .handle('a-1', { type: 'Deposit', amount: 1000 })
        .pipe(Effect.provide(b))
      const outcome = yield* commandHandler(bankAccount, bankCodec)
        .handle('a-1', { type: 'Withdraw', amount: 500 }, { commandId: 'w-1' })
        .pipe(Effect.provide(a))
      assert.strictEqual(outcome.state.balance, 600)
    }),
  )

  it.effect('an empty decision made on a stale cache is made again on the current state', () =>
    Effect.gen(function* () {
      const store = makeMemoryStore()
      const a = runtimeLayer(store, 1)
      const b = runtimeLayer(store, 2)
      yield* commandHandler(lightSwitch, switchCodec)
        .handle('lamp', { on: true })
        .pipe(Effect.provide(a))
      yield* commandHandler(lightSwitch, switchCodec)
        .handle('lamp', { on: false })
        .pipe(Effect.provide(b))
      const outcome = yield* commandHandler(lightSwitch, switchCodec)
        .handle('lamp', { on: true })
        .pipe(Effect.provide(a))
      assert.deepStrictEqual(outcome, {
        events: [{ type: 'Switched', on: true }],
        state: true,
        version: 3,
      })
      assert.strictEqual(yield* store.streamVersion('lamp'), 3)
    }),
  )

  it.effect(
    'a rejection on a current cache still comes back, after one version check and no reads',
    () => {
      const counted = countingReads(makeMemoryStore())
      return Effect.gen(function* () {
        yield* commandHandler(bankAccount, bankCodec).handle('a-1', open)
        counted.reset()
        const error = yield* Effect.flip(
          commandHandler(bankAccount, bankCodec).handle('a-1', { type: 'Withdraw', amount: 5000 }),
        )
        assert.deepStrictEqual(error, {
          _tag: 'Rejected',
          rejection: { _tag: 'InsufficientFunds', balance: 100, requested: 5000 },
        })
        assert.strictEqual(counted.reads(), 0)
      }).pipe(Effect.provide(runtimeLayer(counted.store, 1)))
    },
  )

  it('through the Promise face, two handlers on one store see each other', async () => {
    const store = makeMemoryStore()
    const a = toPromiseHandler(commandHandler(bankAccount, bankCodec), store)
    const b = toPromiseHandler(commandHandler(bankAccount, bankCodec), store, {
      idGenerator: seededIdGenerator(9),
    })
    // The Promise face shares one runtime per store; a second store object is a second process.
    const elsewhere = toPromiseHandler(
      commandHandler(bankAccount, bankCodec),
      { ...store },
      { idGenerator: seededIdGenerator(7) },
    )
    await a.handle('a-1', open)
    await elsewhere.handle('a-1', { type: 'Deposit', amount: 1000 })
    const withdrawn = await b.handle('a-1', { type: 'Withdraw', amount: 500 })
    assert.strictEqual(withdrawn._tag === 'Right' && withdrawn.right.state.balance, 600)
  })
})
