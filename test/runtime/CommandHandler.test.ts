import { assert, describe, it } from '@effect/vitest'
import { Effect, Layer, Schedule } from 'effect'
import { TestClock } from 'effect/testing'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import { bankAccount } from '../../src/examples/bank.js'
import { EventStoreService, commandHandler, seededIdGenerator } from '../../src/runtime/index.js'
import { makeRuntimeStore } from '../../src/runtime/services.js'
import { bankCodec, runtimeLayer, twoProcessesAfter } from './fixtures.js'

const open = { type: 'OpenAccount', accountId: 'a-1', owner: 'Ada', initialBalance: 1000 } as const

const accounts = commandHandler(bankAccount, bankCodec)
const withStore = () => runtimeLayer(makeMemoryStore())
/** A deposit to `a-1` that retries a version conflict `retries` times. */
const depositRetrying = (amount: number, retries: number) =>
  commandHandler(bankAccount, bankCodec, { conflictRetry: Schedule.recurs(retries) }).handle(
    'a-1',
    { type: 'Deposit', amount },
  )

describe('handle', () => {
  it.effect('opens, deposits and withdraws: balance 1300 at version 3', () =>
    Effect.gen(function* () {
      yield* accounts.handle('a-1', open)
      yield* accounts.handle('a-1', { type: 'Deposit', amount: 500 })
      const outcome = yield* accounts.handle('a-1', {
        type: 'Withdraw',
        amount: 200,
      })
      assert.strictEqual(outcome.state.balance, 1300)
      assert.strictEqual(outcome.version, 3)
      assert.deepStrictEqual(outcome.events, [{ type: 'MoneyWithdrawn', amount: 200 }])
    }).pipe(Effect.provide(withStore())),
  )

  it.effect(
    'a rejection arrives in the error channel as Rejected, with its domain tag inside',
    () =>
      Effect.gen(function* () {
        yield* accounts.handle('a-1', open)
        const error = yield* Effect.flip(accounts.handle('a-1', { type: 'Withdraw', amount: 5000 }))
        assert.strictEqual(error._tag, 'Rejected')
        assert.strictEqual(error._tag === 'Rejected' && error.rejection._tag, 'InsufficientFunds')
      }).pipe(Effect.provide(withStore())),
  )

  it.effect('recordedAt comes from the Clock service (TestClock)', () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(Date.parse('2024-03-01T15:00:00.000Z'))
      yield* accounts.handle('a-1', open, {
        correlationId: 'corr-1',
        causationId: 'cause-1',
      })
      const { events } = yield* EventStoreService
      const [record] = yield* events.readStream('a-1')
      assert.strictEqual(record?.metadata.recordedAt, '2024-03-01T15:00:00.000Z')
      assert.strictEqual(record?.metadata.correlationId, 'corr-1')
      assert.strictEqual(record?.metadata.causationId, 'cause-1')
      assert.strictEqual(record?.eventId, seededIdGenerator(1).next())
    }).pipe(Effect.provide(withStore())),
  )
})

describe('handle: concurrency, conflicts and idempotency', () => {
  it.effect(
    'a stale cache (another process appended) is caught by the version check and refreshed',
    () =>
      Effect.gen(function* () {
        // Two runtime stores over one event store: two processes, each with its own cache.
        const { processA, processB } = yield* twoProcessesAfter(open)
        yield* accounts
          .handle('a-1', { type: 'Deposit', amount: 10 })
          .pipe(Effect.provide(processA))
        yield* accounts
          .handle('a-1', { type: 'Deposit', amount: 100 })
          .pipe(Effect.provide(processB))
        const outcome = yield* depositRetrying(1, 1).pipe(Effect.provide(processA))
        assert.strictEqual(outcome.state.balance, 1111)
        assert.strictEqual(outcome.version, 4)
      }),
  )

  it.effect('giving up after the retries returns the conflict', () =>
    Effect.gen(function* () {
      const { processA, processB } = yield* twoProcessesAfter(open)
      yield* accounts.handle('a-1', { type: 'Deposit', amount: 100 }).pipe(Effect.provide(processB))
      const error = yield* Effect.flip(depositRetrying(1, 0).pipe(Effect.provide(processA)))
      assert.deepStrictEqual(error, {
        _tag: 'WrongExpectedVersion',
        streamId: 'a-1',
        expected: 1,
        actual: 2,
      })
    }),
  )

  it.effect('concurrent commands on one stream are serialized: none conflicts, none is lost', () =>
    Effect.gen(function* () {
      yield* accounts.handle('a-1', open)
      const deposits = Array.from({ length: 25 }, () => depositRetrying(1, 0))
      yield* Effect.all(deposits, { concurrency: 'unbounded' })
      const { events } = yield* EventStoreService
      assert.strictEqual(yield* events.streamVersion('a-1'), 26)
    }).pipe(Effect.provide(withStore())),
  )

  it.effect('the state cache is bounded: the least recently used stream is evicted', () =>
    Effect.gen(function* () {
      const runtime = makeRuntimeStore(makeMemoryStore(), { cacheSize: 2 })
      const layer = Layer.succeed(EventStoreService, runtime)
      for (const id of ['a', 'b', 'c'])
        yield* accounts.handle(id, { ...open, accountId: id }).pipe(Effect.provide(layer))
      const cache = runtime.cacheFor(bankAccount)
      assert.strictEqual(cache.size, 2)
      assert.strictEqual(cache.get('a'), undefined)
      assert.notStrictEqual(cache.get('c'), undefined)
      assert.strictEqual(runtime.locks.size, 0)
    }),
  )
})
