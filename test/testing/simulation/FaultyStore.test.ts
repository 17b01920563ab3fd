import { Cause, Effect, Exit, Fiber } from 'effect'
import { TestClock } from 'effect/testing'
import { assert, describe, it } from '@effect/vitest'
import { makeMemoryStore } from '../../../src/adapters/memory/MemoryStore.js'
import type { Fault } from '../../../src/testing/simulation/index.js'
import { FaultQueue, Trace, makeFaultyStore } from '../../../src/testing/simulation/index.js'
import { isSimulatedCrash } from '../../../src/testing/simulation/index.js'

const event = (eventId: string) => ({
  eventId,
  type: 'Noted',
  schemaVersion: 1,
  data: {},
  metadata: { commandId: `cmd-${eventId}` },
})

const diedOfCrash = (exit: Exit.Exit<unknown, unknown>): boolean => {
  if (!Exit.isFailure(exit)) return false
  const defect = Cause.findDefect(exit.cause)
  return defect._tag === 'Success' && isSimulatedCrash(defect.success)
}

const setup = (faults: ReadonlyArray<Fault>) => {
  const inner = makeMemoryStore()
  const trace = new Trace(() => 0)
  const store = makeFaultyStore(inner, new FaultQueue(faults), trace, 'p0')
  return { inner, trace, store }
}

describe('FaultyStore', () => {
  it.effect('Unavailable fails before the append: nothing stored', () =>
    Effect.gen(function* () {
      const { inner, trace, store } = setup([{ _tag: 'Unavailable' }])
      const error = yield* Effect.flip(store.append('s', [event('e1')], { expectedVersion: 0 }))
      assert.strictEqual(error._tag, 'StoreUnavailable')
      assert.strictEqual(yield* inner.streamVersion('s'), 0)
      assert.deepStrictEqual(trace.lines, ['0 p0 fault Unavailable {"call":"append"}'])
    }),
  )

  it.effect('Ambiguous stores the append and still answers StoreUnavailable', () =>
    Effect.gen(function* () {
      const { inner, trace, store } = setup([{ _tag: 'Ambiguous' }])
      const error = yield* Effect.flip(store.append('s', [event('e1')], { expectedVersion: 0 }))
      assert.strictEqual(error._tag, 'StoreUnavailable')
      assert.strictEqual(yield* inner.streamVersion('s'), 1)
      assert.deepStrictEqual(trace.batches, [
        { component: 'p0', streamId: 's', commandId: 'cmd-e1', fromVersion: 1, toVersion: 1 },
      ])
    }),
  )

  it.effect('Conflict: a phantom writer, WrongExpectedVersion and nothing stored', () =>
    Effect.gen(function* () {
      const { inner, store } = setup([{ _tag: 'Conflict' }])
      const error = yield* Effect.flip(store.append('s', [event('e1')], { expectedVersion: 0 }))
      assert.strictEqual(error._tag, 'WrongExpectedVersion')
      assert.strictEqual(yield* inner.streamVersion('s'), 0)
    }),
  )

  it.effect('Crash dies before the call, CrashAfter after it (stored)', () =>
    Effect.gen(function* () {
      const { inner, store } = setup([{ _tag: 'Crash' }, { _tag: 'CrashAfter' }])
      const before = yield* Effect.exit(store.append('s', [event('e1')], { expectedVersion: 0 }))
      assert.isTrue(diedOfCrash(before))
      assert.strictEqual(yield* inner.streamVersion('s'), 0)
      const after = yield* Effect.exit(store.append('s', [event('e1')], { expectedVersion: 0 }))
      assert.isTrue(diedOfCrash(after))
      assert.strictEqual(yield* inner.streamVersion('s'), 1)
    }),
  )

  it.effect('Slow waits simulated time before the call', () =>
    Effect.gen(function* () {
      const { inner, store } = setup([{ _tag: 'Slow', millis: 300 }])
      const fiber = yield* Effect.forkChild(
        store.append('s', [event('e1')], { expectedVersion: 0 }),
      )
      yield* TestClock.adjust(299)
      assert.strictEqual(yield* inner.streamVersion('s'), 0)
      yield* TestClock.adjust(1)
      yield* Fiber.join(fiber)
      assert.strictEqual(yield* inner.streamVersion('s'), 1)
    }),
  )

  it.effect('a delayed notification with no append after it still comes, a second later', () =>
    Effect.gen(function* () {
      const { inner, trace, store } = setup([{ _tag: 'DelayedNotification' }])
      const heard: Array<number> = []
      yield* store.onAppend((head) => heard.push(head))
      yield* inner.append('s', [event('e1')], { expectedVersion: 0 })
      assert.deepStrictEqual(heard, [])
      yield* TestClock.adjust(999)
      assert.deepStrictEqual(heard, [])
      yield* TestClock.adjust(1)
      assert.deepStrictEqual(heard, [1])
      assert.deepStrictEqual(trace.lines, [
        '0 p0 fault DelayedNotification {"head":1}',
        '0 p0 late notification {"head":1}',
      ])
    }),
  )

  it.effect('notifications are duplicated, or delayed until the next append', () =>
    Effect.gen(function* () {
      const { inner, store } = setup([
        { _tag: 'DuplicateNotification' },
        { _tag: 'DelayedNotification' },
      ])
      const heard: Array<number> = []
      yield* store.onAppend((head) => heard.push(head))
      yield* inner.append('s', [event('e1')], { expectedVersion: 0 })
      yield* inner.append('s', [event('e2')], { expectedVersion: 1 })
      assert.deepStrictEqual(heard, [1, 1])
      yield* inner.append('s', [event('e3')], { expectedVersion: 2 })
      assert.deepStrictEqual(heard, [1, 1, 2, 3])
    }),
  )
})
