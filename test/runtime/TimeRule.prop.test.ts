/**
 * One rule for time: over histories whose recorded times are out of version order (two
 * writers with skewed clocks, caller-supplied times), `stateAt({ at })` with and without a
 * snapshot, `history({ at })` and the records `foldwise read --at` shows (`recordsAsOf`) all
 * agree with the rule "the longest prefix of the stream whose events were all recorded at or
 * before T", and what they show never shrinks as T grows.
 */
import { describe, it } from 'vitest'
import { Effect } from 'effect'
import fc from 'fast-check'
import { right } from 'fp-ts/lib/Either.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import type { Json } from '../../src/codec/RecordedEvent.js'
import { EventStoreService, history, snapshotEvery, stateAt } from '../../src/runtime/index.js'
import { makeRuntimeStore } from '../../src/runtime/services.js'
import { recordsAsOf } from '../../src/runtime/TimeRule.js'
import { passThroughCodec } from './fixtures.js'

interface Tick {
  readonly type: 'Tick'
  readonly id: string
}
type Ticks = ReadonlyArray<string>

const codec = passThroughCodec<Tick>(['Tick'])
const decider = {
  initialState: [] as Ticks,
  evolve: (state: Ticks, event: Tick) => [...state, event.id],
}
const snapshots = snapshotEvery(1_000_000, {
  version: 1,
  encode: (state: Ticks) => state as Json,
  decode: (stored: { readonly state: unknown }) => right(stored.state as Ticks),
})

const base = Date.parse('2024-03-01T12:00:00.000Z')
const minute = (offset: number) => new Date(base + offset * 60_000).toISOString()

/** A stream's recorded times (minute offsets, in version order, skewed both ways). */
const sample = fc.record({
  times: fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 14 }),
  /** The version a snapshot was saved at (0: none), as a fraction of the stream. */
  snapshotAt: fc.double({ min: 0, max: 1, noNaN: true }),
  at: fc.integer({ min: -1, max: 13 }),
  later: fc.integer({ min: 0, max: 5 }),
})

/** The rule, written the plainest way: count until the first time after `at`. */
const expectedLength = (times: ReadonlyArray<number>, at: number): number => {
  let n = 0
  while (n < times.length && (times[n] as number) <= at) n++
  return n
}

describe('the time rule', () => {
  it('stateAt with and without a snapshot, history and read --at agree on the longest prefix recorded by T, monotone in T', async () => {
    await fc.assert(
      fc.asyncProperty(sample, async ({ times, snapshotAt, at, later }) => {
        const store = makeMemoryStore()
        const ids = times.map((_, i) => `e${i + 1}`)
        if (times.length > 0)
          await Effect.runPromise(
            store.append(
              's',
              times.map((offset, i) => ({
                eventId: ids[i] as string,
                type: 'Tick',
                schemaVersion: 1,
                data: { type: 'Tick', id: ids[i] as string },
                metadata: { recordedAt: minute(offset) },
              })),
              { expectedVersion: 'no_stream' },
            ),
          )
        const snapshotVersion = Math.floor(snapshotAt * times.length)
        if (snapshotVersion > 0)
          await Effect.runPromise(
            store.saveSnapshot({
              streamId: 's',
              streamVersion: snapshotVersion,
              stateVersion: 1,
              state: ids.slice(0, snapshotVersion),
            }),
          )
        const query = Effect.gen(function* () {
          const instant = minute(at)
          const plain = yield* stateAt(decider, codec, 's', { at: instant })
          const snapshotted = yield* stateAt(decider, codec, 's', { at: instant }, { snapshots })
          const entries = yield* history(codec, 's', { at: instant })
          const read = recordsAsOf(yield* store.readStream('s'), Date.parse(instant))
          const afterwards = yield* stateAt(decider, codec, 's', { at: minute(at + later) })
          return { plain, snapshotted, entries, read, afterwards }
        }).pipe(Effect.provideService(EventStoreService, makeRuntimeStore(store)))
        const { plain, snapshotted, entries, read, afterwards } = await Effect.runPromise(query)
        const n = expectedLength(times, at)
        const prefix = ids.slice(0, n)
        const agreed =
          plain.version === n &&
          JSON.stringify(plain.state) === JSON.stringify(prefix) &&
          snapshotted.version === n &&
          JSON.stringify(snapshotted.state) === JSON.stringify(prefix) &&
          JSON.stringify(entries.map((entry) => entry.eventId)) === JSON.stringify(prefix) &&
          JSON.stringify(read.map((record) => record.eventId)) === JSON.stringify(prefix) &&
          afterwards.version >= plain.version
        if (!agreed)
          throw new Error(
            JSON.stringify({
              n,
              plain,
              snapshotted,
              entries: entries.length,
              read: read.length,
              afterwards: afterwards.version,
            }),
          )
      }),
      { numRuns: 300 },
    )
  })
})
