/**
 * Snapshots on every adapter (memory, file, PostgreSQL): the law that a snapshot plus the tail
 * folds to the same state as the whole stream, with the events read counted so a snapshot that
 * is silently ignored fails it; damaged snapshots ignored with a warning; the policy of
 * `handle`; and the snapshot interval that cannot be wrong.
 */
import { assert, describe, it } from '@effect/vitest'
import { it as vit } from 'vitest'
import type { Scope } from 'effect'
import { Effect, Layer, Logger } from 'effect'
import fc from 'fast-check'
import type { BankEvent, BankState } from '../../src/examples/bank.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec, bankStateCodec } from '../../src/examples/bank.codec.js'
import { bankCommandArbitrary } from '../../docs/examples/arbitraries.js'
import { fold } from '../../src/kernel/Decider.js'
import type { EventStore } from '../../src/store/EventStore.js'
import {
  EventStoreService,
  commandHandler,
  snapshotEvery,
  snapshotInterval,
  stateAt,
} from '../../src/runtime/index.js'
import { makeRuntimeStore } from '../../src/runtime/services.js'
import type { FullStore } from './stores.js'
import { adapters } from './stores.js'
import { countingReads } from './storeWrappers.js'

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

let streams = 0
/** A stream id not used before in this process (the law's runs share one store). */
const freshStreamId = () => `s-${++streams}`

const appendAll = (store: EventStore, streamId: string, events: ReadonlyArray<BankEvent>) =>
  events.length === 0
    ? Effect.void
    : store.append(
        streamId,
        events.map((event, i) => {
          const encoded = bankEventCodec.encode(event)
          return {
            eventId: `${streamId}-e-${i}`,
            type: encoded.type,
            schemaVersion: encoded.schemaVersion,
            data: encoded.data,
            metadata: { recordedAt: new Date(i * 1000).toISOString() },
          }
        }),
        { expectedVersion: 0 },
      )

const load = (store: EventStore, streamId: string) =>
  stateAt(
    bankAccount,
    bankEventCodec,
    streamId,
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

/** Runs `use` with a fresh store of the adapter, released afterwards. */
const withStore = <A, E>(
  open: Effect.Effect<FullStore, unknown, Scope.Scope>,
  use: (store: FullStore) => Effect.Effect<A, E>,
) => Effect.scoped(Effect.flatMap(open, use))

const runsOn = { memory: 150, file: 100, postgres: 100 } as const

for (const adapter of adapters) {
  describe(`snapshots (${adapter.name})`, () => {
    vit(
      'law: for every history and every snapshot point, snapshot + tail equals folding the whole stream, reading only the tail',
      async () => {
        await Effect.runPromise(
          withStore(adapter.open, (store) =>
            Effect.promise(() =>
              fc.assert(
                fc.asyncProperty(
                  historyArbitrary.chain((events) =>
                    fc.tuple(fc.constant(events), fc.integer({ min: 0, max: events.length })),
                  ),
                  async ([events, point]) => {
                    const streamId = freshStreamId()
                    const counted = countingReads(store)
                    const prefix = fold(bankAccount)(events.slice(0, point))
                    const loaded = await Effect.runPromise(
                      Effect.gen(function* () {
                        yield* appendAll(store, streamId, events)
                        yield* store.saveSnapshot({
                          streamId,
                          streamVersion: point,
                          stateVersion: bankStateCodec.version,
                          state: bankStateCodec.encode(prefix),
                        })
                        return yield* load(counted.store, streamId)
                      }),
                    )
                    assert.deepStrictEqual(loaded.state, fold(bankAccount)(events))
                    assert.strictEqual(loaded.version, events.length)
                    // The tail after the snapshot, plus the snapshot's own event (read to check
                    // that the stream reaches it): a snapshot that was ignored reads everything.
                    assert.strictEqual(counted.reads(), events.length - point + (point > 0 ? 1 : 0))
                  },
                ),
                { numRuns: runsOn[adapter.name] },
              ),
            ),
          ),
        )
      },
    )
    it.effect('a usable snapshot is what loading starts from (only the tail is folded)', () =>
      withStore(adapter.open, (store) =>
        Effect.gen(function* () {
          const streamId = freshStreamId()
          const events: ReadonlyArray<BankEvent> = [
            {
              type: 'AccountOpened',
              accountId: streamId,
              owner: 'Ada',
              initialBalance: 100,
              currency: 'EUR',
            },
            { type: 'MoneyDeposited', amount: 1, currency: 'EUR' },
          ]
          yield* appendAll(store, streamId, events)
          const fake: BankState = { ...fold(bankAccount)(events.slice(0, 1)), balance: 7 }
          yield* store.saveSnapshot({
            streamId,
            streamVersion: 1,
            stateVersion: bankStateCodec.version,
            state: bankStateCodec.encode(fake),
          })
          assert.strictEqual((yield* load(store, streamId)).state.balance, 8)
        }),
      ),
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
    it.effect(
      'a snapshot corrupt, of an old state version or ahead of its stream is ignored with a logged warning, never a failure',
      () =>
        withStore(adapter.open, (store) =>
          Effect.gen(function* () {
            for (const { name, snapshot } of damaged) {
              const streamId = freshStreamId()
              const events: ReadonlyArray<BankEvent> = [
                {
                  type: 'AccountOpened',
                  accountId: streamId,
                  owner: 'Ada',
                  initialBalance: 100,
                  currency: 'EUR',
                },
                { type: 'MoneyWithdrawn', amount: 40 },
              ]
              yield* appendAll(store, streamId, events)
              const state =
                snapshot.state === null
                  ? bankStateCodec.encode(fold(bankAccount)(events))
                  : snapshot.state
              yield* store.saveSnapshot({
                streamId,
                streamVersion: snapshot.streamVersion,
                stateVersion: snapshot.stateVersion,
                state,
              })
              const { value, logs } = yield* withLogs(load(store, streamId))
              assert.strictEqual(value.state.balance, 60, name)
              assert.isTrue(
                logs.some((line) => line.includes('ignoring')),
                `${name}: ${logs.join('\n')}`,
              )
            }
          }),
        ),
    )

    it.effect('handle saves a snapshot each time a stream crosses a multiple of the interval', () =>
      withStore(adapter.open, (store) =>
        Effect.gen(function* () {
          const layer = Layer.succeed(EventStoreService, makeRuntimeStore(store))
          const every3 = snapshotEvery(3, bankStateCodec)
          yield* commandHandler(bankAccount, bankEventCodec, { snapshots: every3 })
            .handle('s-1', {
              type: 'OpenAccount',
              accountId: 's-1',
              owner: 'Ada',
              initialBalance: 0,
            })
            .pipe(Effect.provide(layer))
          for (let i = 1; i <= 4; i++)
            yield* commandHandler(bankAccount, bankEventCodec, { snapshots: every3 })
              .handle('s-1', { type: 'Deposit', amount: i })
              .pipe(Effect.provide(layer))
          const saved = yield* store.loadSnapshot('s-1')
          assert.strictEqual(saved?.streamVersion, 3)
          assert.strictEqual(saved?.stateVersion, bankStateCodec.version)
          // A cold process loads from it: the snapshot's event and the two after it.
          const counted = countingReads(store)
          const outcome = yield* commandHandler(bankAccount, bankEventCodec, { snapshots: every3 })
            .handle('s-1', { type: 'Deposit', amount: 5 })
            .pipe(Effect.provide(Layer.succeed(EventStoreService, makeRuntimeStore(counted.store))))
          assert.strictEqual(outcome.state.balance, 15)
          assert.strictEqual(counted.reads(), 3)
        }),
      ),
    )
  })
}

describe('the snapshot interval', () => {
  it('is a positive safe integer: other numbers are a Left, never a throw', () => {
    assert.deepStrictEqual(snapshotInterval(100) as unknown, { _tag: 'Right', right: 100 })
    for (const events of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])
      assert.deepStrictEqual(snapshotInterval(events), {
        _tag: 'Left',
        left: { _tag: 'InvalidSnapshotInterval', events },
      })
  })

  it('snapshotEvery takes a literal or a checked interval; a bad literal does not compile', () => {
    const fromConfig: number = 250
    const checked = snapshotInterval(fromConfig)
    assert.strictEqual(checked._tag, 'Right')
    if (checked._tag === 'Right')
      assert.strictEqual(snapshotEvery(checked.right, bankStateCodec)._tag, 'Every')
    assert.deepStrictEqual(snapshotEvery(7, bankStateCodec), {
      _tag: 'Every',
      events: 7,
      codec: bankStateCodec,
    })
    // The type checker (npx tsc, run by the lint step) holds these lines to their errors.
    // @ts-expect-error zero is not an interval
    snapshotEvery(0, bankStateCodec)
    // @ts-expect-error a negative number is not an interval
    snapshotEvery(-5, bankStateCodec)
    // @ts-expect-error a fraction is not an interval
    snapshotEvery(2.5, bankStateCodec)
    // @ts-expect-error a number known only at run time goes through snapshotInterval
    snapshotEvery(fromConfig, bankStateCodec)
  })
})
