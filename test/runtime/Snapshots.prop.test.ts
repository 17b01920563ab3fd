import { assert, describe, it } from '@effect/vitest'
import { it as vit } from 'vitest'
import { Effect, Layer, Logger } from 'effect'
import fc from 'fast-check'
import type { BankEvent, BankState } from '../../docs/examples/bank.js'
import { bankAccount } from '../../docs/examples/bank.js'
import { bankEventCodec, bankStateCodec } from '../../docs/examples/bank.codec.js'
import { bankCommandArbitrary } from '../../docs/examples/arbitraries.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import type { MemoryStore } from '../../src/adapters/memory/index.js'
import { fold } from '../../src/kernel/Decider.js'
import {
  EventStoreService,
  handle,
  makeRuntimeStore,
  snapshotEvery,
  stateAt,
} from '../../src/runtime/index.js'

const snapshots = snapshotEvery(1_000_000, bankStateCodec)

/** A reachable history: the events `decide` returns for a list of commands. */
const historyArbitrary = fc.array(bankCommandArbitrary, { maxLength: 40 }).map((commands) => {
  const events: Array<BankEvent> = []
  let state = bankAccount.initialState
  for (const command of commands) {
    const decided = bankAccount.decide(command, state)
    if (decided._tag === 'Left') continue
    for (const event of decided.right) {
      events.push(event)
      state = bankAccount.evolve(state, event)
    }
  }
  return events
})

const appendAll = (store: MemoryStore, events: ReadonlyArray<BankEvent>) =>
  events.length === 0
    ? Effect.void
    : store.append(
        's-1',
        events.map((event, i) => {
          const encoded = bankEventCodec.encode(event)
          return {
            eventId: `e-${i}`,
            type: encoded.type,
            schemaVersion: encoded.schemaVersion,
            data: encoded.data,
            metadata: { recordedAt: new Date(i * 1000).toISOString() },
          }
        }),
        { expectedVersion: 0 },
      )

const load = (store: MemoryStore) =>
  stateAt(
    bankAccount,
    bankEventCodec,
    's-1',
    { version: Number.MAX_SAFE_INTEGER },
    { snapshots },
  ).pipe(Effect.provide(Layer.succeed(EventStoreService, makeRuntimeStore(store))))

/** Runs `effect` collecting the messages it logs. */
const withLogs = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.gen(function* () {
    const logs: Array<string> = []
    const logger = Logger.make(({ message }) => {
      logs.push(Array.isArray(message) ? message.join(' ') : String(message))
    })
    const value = yield* effect.pipe(Effect.provide(Logger.layer([logger])))
    return { value, logs }
  })

describe('snapshots', () => {
  vit(
    'law: for every history and every snapshot point, snapshot + tail equals folding the whole stream',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          historyArbitrary.chain((events) =>
            fc.tuple(fc.constant(events), fc.integer({ min: 0, max: events.length })),
          ),
          async ([events, point]) => {
            const store = makeMemoryStore()
            const prefix = fold(bankAccount)(events.slice(0, point))
            const loaded = await Effect.runPromise(
              Effect.gen(function* () {
                yield* appendAll(store, events)
                yield* store.saveSnapshot({
                  streamId: 's-1',
                  streamVersion: point,
                  stateVersion: bankStateCodec.version,
                  state: bankStateCodec.encode(prefix),
                })
                return yield* load(store)
              }),
            )
            assert.deepStrictEqual(loaded.state, fold(bankAccount)(events))
            assert.strictEqual(loaded.version, events.length)
          },
        ),
        { numRuns: 150 },
      )
    },
  )

  it.effect('a usable snapshot is what loading starts from (only the tail is folded)', () =>
    Effect.gen(function* () {
      const store = makeMemoryStore()
      const events: ReadonlyArray<BankEvent> = [
        {
          type: 'AccountOpened',
          accountId: 's-1',
          owner: 'Ada',
          initialBalance: 100,
          currency: 'EUR',
        },
        { type: 'MoneyDeposited', amount: 1, currency: 'EUR' },
      ]
      yield* appendAll(store, events)
      const fake: BankState = { ...fold(bankAccount)(events.slice(0, 1)), balance: 7 }
      yield* store.saveSnapshot({
        streamId: 's-1',
        streamVersion: 1,
        stateVersion: bankStateCodec.version,
        state: bankStateCodec.encode(fake),
      })
      assert.strictEqual((yield* load(store)).state.balance, 8)
    }),
  )

  const damaged = [
    {
      name: 'corrupt',
      snapshot: { streamVersion: 1, stateVersion: bankStateCodec.version, state: 'garbage' },
    },
    {
      name: 'of an old state version',
      snapshot: { streamVersion: 1, stateVersion: bankStateCodec.version - 1, state: null },
    },
    {
      name: 'ahead of its stream',
      snapshot: { streamVersion: 99, stateVersion: bankStateCodec.version, state: null },
    },
  ] as const
  for (const { name, snapshot } of damaged) {
    it.effect(`a snapshot ${name} is ignored with a logged warning, never a failure`, () =>
      Effect.gen(function* () {
        const store = makeMemoryStore()
        const events: ReadonlyArray<BankEvent> = [
          {
            type: 'AccountOpened',
            accountId: 's-1',
            owner: 'Ada',
            initialBalance: 100,
            currency: 'EUR',
          },
          { type: 'MoneyWithdrawn', amount: 40 },
        ]
        yield* appendAll(store, events)
        const state =
          snapshot.state === null
            ? bankStateCodec.encode(fold(bankAccount)(events))
            : snapshot.state
        yield* store.saveSnapshot({
          streamId: 's-1',
          streamVersion: snapshot.streamVersion,
          stateVersion: snapshot.stateVersion,
          state,
        })
        const { value, logs } = yield* withLogs(load(store))
        assert.strictEqual(value.state.balance, 60)
        assert.isTrue(
          logs.some((line) => line.includes('ignoring')),
          logs.join('\n'),
        )
      }),
    )
  }

  it.effect('handle saves a snapshot each time a stream crosses a multiple of the interval', () =>
    Effect.gen(function* () {
      const store = makeMemoryStore()
      const layer = Layer.succeed(EventStoreService, makeRuntimeStore(store))
      const every3 = snapshotEvery(3, bankStateCodec)
      yield* handle(
        bankAccount,
        bankEventCodec,
        's-1',
        { type: 'OpenAccount', accountId: 's-1', owner: 'Ada', initialBalance: 0 },
        { snapshots: every3 },
      ).pipe(Effect.provide(layer))
      for (let i = 1; i <= 4; i++)
        yield* handle(
          bankAccount,
          bankEventCodec,
          's-1',
          { type: 'Deposit', amount: i },
          { snapshots: every3 },
        ).pipe(Effect.provide(layer))
      const saved = yield* store.loadSnapshot('s-1')
      assert.strictEqual(saved?.streamVersion, 3)
      assert.strictEqual(saved?.stateVersion, bankStateCodec.version)
    }),
  )
})
