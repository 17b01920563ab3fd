/**
 * Command ids are remembered for the last `commandIdWindow` events of a stream (1,000 by
 * default), so a cold load with a command id costs O(window) reads after a snapshot, whatever
 * the stream's length.
 */
import { assert, describe, it } from '@effect/vitest'
import { Effect, Layer } from 'effect'
import { right } from 'fp-ts/lib/Either.js'
import type { BankEvent } from '../../src/examples/bank.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec, bankStateCodec } from '../../src/examples/bank.codec.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import type { MemoryStore } from '../../src/adapters/memory/MemoryStore.js'
import { fold } from '../../src/kernel/Decider.js'
import type { EventStore } from '../../src/store/EventStore.js'
import {
  EventStoreService,
  IdGenerator,
  commandHandler,
  seededIdGenerator,
  snapshotEvery,
} from '../../src/runtime/index.js'
import { defaultCommandIdWindow } from '../../src/runtime/CommandModel.js'
import { makeRuntimeStore } from '../../src/runtime/services.js'
import { countingReads } from './storeWrappers.js'

const snapshots = snapshotEvery(1_000, bankStateCodec)

/** A cold process over `store` (its own, empty cache). */
const cold = (store: EventStore) =>
  Layer.merge(
    Layer.succeed(EventStoreService, makeRuntimeStore(store)),
    Layer.succeed(IdGenerator, seededIdGenerator(Math.floor(Math.random() * 1e9))),
  )

const opened: BankEvent = {
  type: 'AccountOpened',
  accountId: 'a-1',
  owner: 'Ada',
  initialBalance: 0,
  currency: 'EUR',
}

/** `count` deposits of 1 after an opening, written straight to the store in one append. */
const longStream = (store: MemoryStore, count: number, commandIdAt?: number) =>
  Effect.gen(function* () {
    const events: Array<BankEvent> = [opened]
    for (let i = 0; i < count; i++)
      events.push({ type: 'MoneyDeposited', amount: 1, currency: 'EUR' })
    yield* store.append(
      'a-1',
      events.map((event, i) => {
        const encoded = bankEventCodec.encode(event)
        return {
          eventId: `seed-${i}`,
          type: encoded.type,
          schemaVersion: encoded.schemaVersion,
          data: encoded.data,
          metadata:
            i + 1 === commandIdAt
              ? { recordedAt: '2024-01-01T00:00:00.000Z', commandId: 'old-deposit' }
              : { recordedAt: '2024-01-01T00:00:00.000Z' },
        }
      }),
      { expectedVersion: 0 },
    )
    return events
  })

describe('the command-id window', () => {
  it.effect(
    'a cold load with a command id and a snapshot reads O(window) events, not the stream',
    () =>
      Effect.gen(function* () {
        const memory = makeMemoryStore()
        const events = yield* longStream(memory, 9_949) // 9,950 events
        yield* memory.saveSnapshot({
          streamId: 'a-1',
          streamVersion: 9_000,
          stateVersion: bankStateCodec.version,
          state: bankStateCodec.encode(fold(bankAccount)(events.slice(0, 9_000))),
        })
        const counted = countingReads(memory)
        const outcome = yield* commandHandler(bankAccount, bankEventCodec, { snapshots })
          .handle('a-1', { type: 'Deposit', amount: 1 }, { commandId: 'new-deposit' })
          .pipe(Effect.provide(cold(counted.store)))
        assert.strictEqual(outcome.state.balance, 9_950)
        // The snapshot's own event, the 950 after it, and the window back from the end.
        assert.strictEqual(defaultCommandIdWindow, 1_000)
        assert.isAtMost(counted.reads(), 1 + 950 + 1_000)
      }),
  )

  it.effect('an id inside the window is remembered by a cold process; one outside is not', () =>
    Effect.gen(function* () {
      const memory = makeMemoryStore()
      yield* longStream(memory, 1_499, 1_200) // 1,500 events; the id on version 1,200
      const again = yield* commandHandler(bankAccount, bankEventCodec)
        .handle('a-1', { type: 'Deposit', amount: 1 }, { commandId: 'old-deposit' })
        .pipe(Effect.provide(cold(memory)))
      assert.strictEqual(again.version, 1_200)
      assert.strictEqual(yield* memory.streamVersion('a-1'), 1_500)
      // With a window of 100 the id (300 events back) is forgotten: the command is decided anew.
      const forgotten = yield* commandHandler(bankAccount, bankEventCodec, {
        commandIdWindow: 100,
      })
        .handle('a-1', { type: 'Deposit', amount: 1 }, { commandId: 'old-deposit' })
        .pipe(Effect.provide(cold(memory)))
      assert.strictEqual(forgotten.version, 1_501)
    }),
  )

  it.effect('a warm cache forgets ids as they leave the window, as a cold load does', () =>
    Effect.gen(function* () {
      const runtime = makeRuntimeStore(makeMemoryStore())
      const layer = Layer.merge(
        Layer.succeed(EventStoreService, runtime),
        Layer.succeed(IdGenerator, seededIdGenerator(1)),
      )
      const window = 10
      const deposit = (commandId: string) =>
        commandHandler(bankAccount, bankEventCodec, { commandIdWindow: window })
          .handle('a-1', { type: 'Deposit', amount: 1 }, { commandId })
          .pipe(Effect.provide(layer))
      yield* commandHandler(bankAccount, bankEventCodec)
        .handle('a-1', {
          type: 'OpenAccount',
          accountId: 'a-1',
          owner: 'Ada',
          initialBalance: 0,
        })
        .pipe(Effect.provide(layer))
      for (let i = 0; i < 200; i++) yield* deposit(`d-${i}`)
      const entry = runtime.cacheFor(bankAccount).get('a-1')
      assert.isAtMost(entry?.commandIds.size ?? 0, 2 * window + 16)
      assert.strictEqual((yield* deposit('d-195')).version, 197) // inside: replayed
      assert.strictEqual((yield* deposit('d-0')).version, 202) // outside: decided again
    }),
  )

  it.effect("a command whose batch starts before the window's edge is replayed whole", () =>
    Effect.gen(function* () {
      const memory = makeMemoryStore()
      yield* longStream(memory, 20)
      // One command of three events at versions 22..24, then 8 more events; snapshots at 25
      // and 30, so a cold load indexes from version 31 and reads back over the window only.
      const every5 = snapshotEvery(5, bankStateCodec)
      const triple: typeof bankAccount = {
        ...bankAccount,
        decide: (command, state) =>
          command.type === 'Deposit' && command.amount === 3
            ? right(
                [1, 2, 3].map((amount) => ({ type: 'MoneyDeposited', amount, currency: 'EUR' })),
              )
            : bankAccount.decide(command, state),
      }
      const program = (commandId: string, amount: number) =>
        commandHandler(triple, bankEventCodec, { commandIdWindow: 10, snapshots: every5 }).handle(
          'a-1',
          { type: 'Deposit', amount },
          { commandId },
        )
      const first = yield* program('triple', 3).pipe(Effect.provide(cold(memory)))
      for (let i = 0; i < 8; i++)
        yield* program(`single-${i}`, 1).pipe(Effect.provide(cold(memory)))
      // The window of 10 starts at version 23, in the middle of the triple's batch.
      const again = yield* program('triple', 3).pipe(Effect.provide(cold(memory)))
      assert.deepStrictEqual(again.events, first.events)
      assert.strictEqual(again.version, 24)
      assert.strictEqual(yield* memory.streamVersion('a-1'), 32)
    }),
  )
})
