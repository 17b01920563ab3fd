/**
 * Conformance: reads — stream ranges in both directions, the store-wide log, the head position
 * and append notifications.
 *
 * @since 0.1.0
 */
import { describe, expect, it } from 'vitest'
import type { ReadAllOptions, ReadStreamOptions } from '../../store/EventStore.js'
import type { MakeStore } from './harness.js'
import { eventually, run, runError, testEvents, withStore } from './harness.js'
import { expectedLogRange, expectedStreamRange } from './StoreModel.js'

const streamRanges: ReadonlyArray<ReadStreamOptions> = [
  {},
  { from: 3 },
  { to: 4 },
  { from: 2, to: 5 },
  { from: 4, to: 4 },
  { from: 5, to: 2 },
  { from: 11 },
  { from: 0, to: 100 },
  { limit: 0 },
  { limit: 3 },
  { from: 2, limit: 2 },
  { direction: 'backward' },
  { direction: 'backward', limit: 3 },
  { direction: 'backward', from: 3, to: 7, limit: 2 },
  { direction: 'backward', to: 4 },
  { direction: 'forward', from: 9, limit: 5 },
]

const logRanges: ReadonlyArray<ReadAllOptions> = [
  {},
  { fromPosition: 1 },
  { fromPosition: 0 },
  { fromPosition: 7 },
  { fromPosition: 15 },
  { fromPosition: 16 },
  { fromPosition: 100 },
  { limit: 0 },
  { limit: 4 },
  { fromPosition: 5, limit: 3 },
  { fromPosition: 14, limit: 10 },
]

/**
 * Registers the read tests.
 *
 * @category conformance
 * @since 0.1.0
 */
export const readConformance = (makeStore: MakeStore): void => {
  describe('readStream', () => {
    it(
      'answers every range: from and to inclusive, direction orders, limit keeps the first records',
      withStore(makeStore, async (store) => {
        await run(store.append('s', testEvents('a', 10), { expectedVersion: 'no_stream' }))
        await run(store.append('other', testEvents('o', 3), { expectedVersion: 'no_stream' }))
        const whole = await run(store.readStream('s'))
        expect(whole.map((r) => r.streamVersion)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
        for (const options of streamRanges) {
          const answer = await run(store.readStream('s', options))
          expect({ options, versions: answer.map((r) => r.streamVersion) }).toEqual({
            options,
            versions: expectedStreamRange(whole, options).map((r) => r.streamVersion),
          })
          expect(answer).toEqual(expectedStreamRange(whole, options))
        }
      }),
    )

    it(
      "{ direction: 'backward', limit: 1 } is the last event; an absent stream reads as empty",
      withStore(makeStore, async (store) => {
        await run(store.append('s', testEvents('a', 4), { expectedVersion: 'no_stream' }))
        const last = await run(store.readStream('s', { direction: 'backward', limit: 1 }))
        expect(last.map((r) => r.eventId)).toEqual(['a-4'])
        expect(await run(store.readStream('absent', { direction: 'backward' }))).toEqual([])
        expect(await run(store.streamVersion('absent'))).toBe(0)
      }),
    )
  })

  describe('readAll', () => {
    it(
      'reads the log in order with dense 1-based positions, from fromPosition, up to limit',
      withStore(makeStore, async (store) => {
        for (let i = 0; i < 5; i++) {
          await run(store.append(`s${i % 3}`, testEvents(`b${i}`, 3), { expectedVersion: 'any' }))
        }
        const all = await run(store.readAll())
        expect(all.map((r) => r.globalPosition)).toEqual(
          Array.from({ length: 15 }, (_, i) => i + 1),
        )
        expect(all.map((r) => r.eventId)).toEqual(
          Array.from({ length: 15 }, (_, i) => `b${Math.floor(i / 3)}-${(i % 3) + 1}`),
        )
        for (const record of all) {
          const [inStream] = await run(
            store.readStream(record.streamId, { from: record.streamVersion, limit: 1 }),
          )
          expect(inStream).toEqual(record)
        }
        for (const options of logRanges) {
          const answer = await run(store.readAll(options))
          expect({ options, positions: answer.map((r) => r.globalPosition) }).toEqual({
            options,
            positions: expectedLogRange(all, options).map((r) => r.globalPosition),
          })
        }
      }),
    )

    it(
      'headPosition is the position of the last event, unchanged by refused appends',
      withStore(makeStore, async (store) => {
        expect(await run(store.headPosition())).toBe(0)
        await run(store.append('s', testEvents('a', 3), { expectedVersion: 'no_stream' }))
        expect(await run(store.headPosition())).toBe(3)
        await runError(store.append('s', testEvents('b', 2), { expectedVersion: 'no_stream' }))
        expect(await run(store.headPosition())).toBe(3)
        await run(store.append('t', testEvents('c', 2), { expectedVersion: 'no_stream' }))
        expect(await run(store.headPosition())).toBe(5)
      }),
    )
  })

  describe('onAppend', () => {
    it(
      'tells listeners the new head position after an append, and stops when unsubscribed',
      withStore(makeStore, async (store) => {
        const seen: number[] = []
        const unsubscribe = await run(store.onAppend((head) => seen.push(head)))
        await run(store.append('s', testEvents('a', 2), { expectedVersion: 'no_stream' }))
        expect(await eventually(() => seen.some((head) => head >= 2))).toBe(true)
        expect(Math.max(...seen)).toBe(2)
        const afterAppend = await run(store.readAll({ fromPosition: 1 }))
        expect(afterAppend).toHaveLength(2)
        unsubscribe()
        const count = seen.length
        await run(store.append('s', testEvents('b', 1), { expectedVersion: 2 }))
        await new Promise((resolve) => setTimeout(resolve, 100))
        expect(seen.slice(count).filter((head) => head >= 3)).toEqual([])
      }),
    )

    it(
      'a listener that throws does not break appends or other listeners',
      withStore(makeStore, async (store) => {
        const seen: number[] = []
        await run(
          store.onAppend(() => {
            throw new Error('listener failure')
          }),
        )
        await run(store.onAppend((head) => seen.push(head)))
        await run(store.append('s', testEvents('a', 1), { expectedVersion: 'no_stream' }))
        await run(store.append('s', testEvents('b', 1), { expectedVersion: 1 }))
        expect(await eventually(() => seen.some((head) => head >= 2))).toBe(true)
        expect(await run(store.headPosition())).toBe(2)
      }),
    )
  })
}
