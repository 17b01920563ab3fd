/**
 * The fast path of `handle` (a cached, uncontended stream without a tracer) must behave like
 * the general path: same outcomes, spans when a tracer is installed, the clock and ids from
 * their services, conflicts retried under the same schedule, and a stream lock that is
 * released however a command ends.
 */
import { assert, describe, it } from '@effect/vitest'
import { Effect, Fiber, Schedule, Tracer } from 'effect'
import { TestClock } from 'effect/testing'
import { bankAccount } from '../../src/examples/bank.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import type { EventStore } from '../../src/store/EventStore.js'
import { EventStoreService, commandHandler, seededIdGenerator } from '../../src/runtime/index.js'
import { bankCodec, runtimeOver } from './fixtures.js'

const open = { type: 'OpenAccount', accountId: 'a-1', owner: 'Ada', initialBalance: 1000 } as const
const deposit = (amount: number) => ({ type: 'Deposit', amount }) as const

/** A store whose appends suspend the fiber (as a real adapter's do) before they run. */
const asyncAppends = (store: EventStore): EventStore => ({
  ...store,
  append: (streamId, events, options) =>
    Effect.andThen(Effect.yieldNow, store.append(streamId, events, options)),
})

/** A store whose appends never finish while `stuck` says so. */
const stuckAppends = (store: EventStore, stuck: { value: boolean }): EventStore => ({
  ...store,
  append: (streamId, events, options) =>
    Effect.suspend(() => (stuck.value ? Effect.never : store.append(streamId, events, options))),
})

/** A runtime over a memory store whose appends hang while `stuck.value` is true. */
const stuckRuntime = () => {
  const stuck = { value: false }
  const { runtime, layer } = runtimeOver(stuckAppends(makeMemoryStore(), stuck))
  return { stuck, runtime, layer }
}

/** Opens `a-1`, then forks a deposit whose append hangs: it holds the stream's lock. */
const forkLockHolder = (stuck: { value: boolean }) =>
  Effect.gen(function* () {
    yield* commandHandler(bankAccount, bankCodec).handle('a-1', open)
    stuck.value = true
    const holder = yield* Effect.forkChild(
      commandHandler(bankAccount, bankCodec).handle('a-1', deposit(1)),
    )
    yield* Effect.yieldNow
    return holder
  })

/** A tracer that records the names of the spans it starts. */
const recordingTracer = (names: Array<string>): Tracer.Tracer =>
  Tracer.make({
    span: (options) => {
      names.push(options.name)
      return Tracer.nativeTracer.span(options)
    },
  })

describe('handle: the fast path', () => {
  it.effect(
    'with a tracer installed, every command on a warm stream has decide and append spans',
    () => {
      const names: Array<string> = []
      const { layer } = runtimeOver(makeMemoryStore())
      return Effect.gen(function* () {
        yield* commandHandler(bankAccount, bankCodec).handle('a-1', open)
        assert.deepStrictEqual(names, ['foldwise.load', 'foldwise.decide', 'foldwise.append'])
        names.length = 0
        yield* commandHandler(bankAccount, bankCodec).handle('a-1', deposit(5))
        yield* commandHandler(bankAccount, bankCodec).handle('a-1', deposit(6))
        assert.deepStrictEqual(names, [
          'foldwise.decide',
          'foldwise.append',
          'foldwise.decide',
          'foldwise.append',
        ])
      }).pipe(Effect.withTracer(recordingTracer(names)), Effect.provide(layer))
    },
  )

  it.effect('spans carry the stream id, and the append span the expected version', () => {
    const spans: Array<Tracer.Span> = []
    const tracer = Tracer.make({
      span: (options) => {
        const span = Tracer.nativeTracer.span(options)
        spans.push(span)
        return span
      },
    })
    return Effect.gen(function* () {
      yield* commandHandler(bankAccount, bankCodec).handle('a-1', open)
      yield* commandHandler(bankAccount, bankCodec).handle('a-1', deposit(5))
      const append = spans.filter((span) => span.name === 'foldwise.append').at(-1)
      assert.strictEqual(append?.attributes.get('streamId'), 'a-1')
      assert.strictEqual(append?.attributes.get('expectedVersion'), 1)
      assert.strictEqual(append?.status._tag, 'Ended')
    }).pipe(Effect.withTracer(tracer), Effect.provide(runtimeOver(makeMemoryStore()).layer))
  })

  it.effect(
    'a warm stream takes its recordedAt from TestClock and its event ids from IdGenerator',
    () =>
      Effect.gen(function* () {
        yield* commandHandler(bankAccount, bankCodec).handle('a-1', open)
        yield* TestClock.setTime(Date.parse('2024-03-01T15:00:00.000Z'))
        yield* commandHandler(bankAccount, bankCodec).handle('a-1', deposit(5), {
          correlationId: 'c-1',
        })
        const { events } = yield* EventStoreService
        const records = yield* events.readStream('a-1')
        const ids = seededIdGenerator(1)
        assert.deepStrictEqual(
          records.map((r) => [r.eventId, r.metadata.recordedAt, r.metadata.correlationId]),
          [
            [ids.next(), '1970-01-01T00:00:00.000Z', undefined],
            [ids.next(), '2024-03-01T15:00:00.000Z', 'c-1'],
          ],
        )
      }).pipe(Effect.provide(runtimeOver(makeMemoryStore()).layer)),
  )

  it.effect('a rejection on a warm stream appends nothing and keeps the cached state', () =>
    Effect.gen(function* () {
      yield* commandHandler(bankAccount, bankCodec).handle('a-1', open)
      const error = yield* Effect.flip(
        commandHandler(bankAccount, bankCodec).handle('a-1', { type: 'Withdraw', amount: 5000 }),
      )
      assert.strictEqual(error._tag === 'Rejected' && error.rejection._tag, 'InsufficientFunds')
      const outcome = yield* commandHandler(bankAccount, bankCodec).handle('a-1', deposit(1))
      assert.strictEqual(outcome.state.balance, 1001)
      assert.strictEqual(outcome.version, 2)
    }).pipe(Effect.provide(runtimeOver(makeMemoryStore()).layer)),
  )

  it.effect(
    'a conflict on a warm stream is retried: recurs(1) allows exactly one more attempt',
    () =>
      Effect.gen(function* () {
        const store = makeMemoryStore()
        const a = runtimeOver(store).layer
        const b = runtimeOver(store, 2).layer
        yield* commandHandler(bankAccount, bankCodec).handle('a-1', open).pipe(Effect.provide(a))
        yield* commandHandler(bankAccount, bankCodec)
          .handle('a-1', deposit(100))
          .pipe(Effect.provide(b))
        const outcome = yield* commandHandler(bankAccount, bankCodec, {
          conflictRetry: Schedule.recurs(1),
        })
          .handle('a-1', deposit(1))
          .pipe(Effect.provide(a))
        assert.strictEqual(outcome.version, 3)
        assert.strictEqual(outcome.state.balance, 1101)
        // Without retries the conflict comes back, and the entry is refreshed for next time.
        yield* commandHandler(bankAccount, bankCodec, { conflictRetry: Schedule.recurs(1) })
          .handle('a-1', deposit(1000))
          .pipe(Effect.provide(b))
        const error = yield* Effect.flip(
          commandHandler(bankAccount, bankCodec, { conflictRetry: Schedule.recurs(0) })
            .handle('a-1', deposit(1))
            .pipe(Effect.provide(a)),
        )
        assert.strictEqual(error._tag, 'WrongExpectedVersion')
        const after = yield* commandHandler(bankAccount, bankCodec)
          .handle('a-1', deposit(1))
          .pipe(Effect.provide(a))
        assert.strictEqual(after.state.balance, 2102)
      }),
  )

  it.effect('a repeated command id on a warm stream returns the first outcome', () =>
    Effect.gen(function* () {
      yield* commandHandler(bankAccount, bankCodec).handle('a-1', open)
      const first = yield* commandHandler(bankAccount, bankCodec).handle('a-1', deposit(5), {
        commandId: 'c',
      })
      const again = yield* commandHandler(bankAccount, bankCodec).handle('a-1', deposit(5), {
        commandId: 'c',
      })
      assert.deepStrictEqual(again, first)
      const { events } = yield* EventStoreService
      assert.strictEqual(yield* events.streamVersion('a-1'), 2)
    }).pipe(Effect.provide(runtimeOver(makeMemoryStore()).layer)),
  )
})

describe('handle: stream locks', () => {
  it.effect('with suspending appends, concurrent commands on one stream are serialized', () => {
    const { runtime, layer } = runtimeOver(asyncAppends(makeMemoryStore()))
    return Effect.gen(function* () {
      yield* commandHandler(bankAccount, bankCodec).handle('a-1', open)
      const outcomes = yield* Effect.all(
        Array.from({ length: 30 }, (_, i) =>
          commandHandler(bankAccount, bankCodec, { conflictRetry: Schedule.recurs(0) }).handle(
            'a-1',
            deposit(i + 1),
          ),
        ),
        { concurrency: 'unbounded' },
      )
      assert.deepStrictEqual(
        outcomes.map((o) => o.version).sort((x, y) => x - y),
        Array.from({ length: 30 }, (_, i) => i + 2),
      )
      const { events } = yield* EventStoreService
      assert.strictEqual(yield* events.streamVersion('a-1'), 31)
      assert.strictEqual(runtime.locks.size, 0)
    }).pipe(Effect.provide(layer))
  })

  it.effect('commands on different streams do not wait for each other', () => {
    const { stuck, layer } = stuckRuntime()
    return Effect.gen(function* () {
      yield* commandHandler(bankAccount, bankCodec).handle('a-1', open)
      yield* commandHandler(bankAccount, bankCodec).handle('b-1', { ...open, accountId: 'b-1' })
      stuck.value = true
      const blocked = yield* Effect.forkChild(
        commandHandler(bankAccount, bankCodec).handle('a-1', deposit(1)),
      )
      yield* Effect.yieldNow
      stuck.value = false
      const other = yield* commandHandler(bankAccount, bankCodec).handle('b-1', deposit(1))
      assert.strictEqual(other.version, 2)
      yield* Fiber.interrupt(blocked)
    }).pipe(Effect.provide(layer))
  })

  it.effect('an interrupted command releases its lock, on the fast path and while waiting', () => {
    const { stuck, runtime, layer } = stuckRuntime()
    return Effect.gen(function* () {
      const holder = yield* forkLockHolder(stuck)
      const waiter = yield* Effect.forkChild(
        commandHandler(bankAccount, bankCodec).handle('a-1', deposit(2)),
      )
      yield* Effect.yieldNow
      assert.strictEqual(runtime.locks.size, 1)
      yield* Fiber.interrupt(waiter)
      yield* Fiber.interrupt(holder)
      assert.strictEqual(runtime.locks.size, 0)
      stuck.value = false
      const outcome = yield* commandHandler(bankAccount, bankCodec).handle('a-1', deposit(3))
      assert.strictEqual(outcome.version, 2)
      assert.strictEqual(outcome.state.balance, 1003)
    }).pipe(Effect.provide(layer))
  })

  it.effect('a lock handed to an interrupted waiter passes on to the next one', () => {
    const { stuck, runtime, layer } = stuckRuntime()
    return Effect.gen(function* () {
      const holder = yield* forkLockHolder(stuck)
      stuck.value = false
      const second = yield* Effect.forkChild(
        commandHandler(bankAccount, bankCodec).handle('a-1', deposit(2)),
      )
      const third = yield* Effect.forkChild(
        commandHandler(bankAccount, bankCodec).handle('a-1', deposit(3)),
      )
      yield* Effect.yieldNow
      // The holder ends; the lock is handed to `second`, which is interrupted before it runs.
      yield* Fiber.interrupt(holder)
      yield* Fiber.interrupt(second)
      const outcome = yield* Fiber.join(third)
      assert.strictEqual(outcome.version, 2)
      assert.strictEqual(outcome.state.balance, 1003)
      assert.strictEqual(runtime.locks.size, 0)
    }).pipe(Effect.provide(layer))
  })
})
