/**
 * Conformance: appends — every expected-version variant, atomic batches, stream isolation,
 * read-your-writes and racing appenders.
 *
 * @since 0.1.0
 */
import { describe, expect, it } from 'vitest'
import type { EventStore } from '../../store/EventStore.js'
import type { ExpectedVersion } from '../../store/ExpectedVersion.js'
import type { MakeStore } from './harness.js'
import { attempt, run, runError, testEvent, testEvents, withStore } from './harness.js'

const expectWrongVersion = async (
  store: EventStore,
  streamId: string,
  expected: ExpectedVersion,
  actual: number,
): Promise<void> => {
  const error = await runError(
    store.append(streamId, [testEvent(`refused-${String(expected)}`)], {
      expectedVersion: expected,
    }),
  )
  expect(error).toEqual({ _tag: 'WrongExpectedVersion', streamId, expected, actual })
  expect(await run(store.streamVersion(streamId))).toBe(actual)
}

/**
 * Registers the append tests.
 *
 * @category conformance
 * @since 0.1.0
 */
export const appendConformance = (makeStore: MakeStore): void => {
  describe('append', () => {
    it(
      'a new store is empty',
      withStore(makeStore, async (store) => {
        expect(await run(store.headPosition())).toBe(0)
        expect(await run(store.readAll())).toEqual([])
        expect(await run(store.streamVersion('s'))).toBe(0)
        expect(await run(store.readStream('s'))).toEqual([])
      }),
    )

    it(
      'returns the new version and the stored records with versions and positions',
      withStore(makeStore, async (store) => {
        const first = await run(
          store.append('s', testEvents('a', 2), { expectedVersion: 'no_stream' }),
        )
        expect(first.nextExpectedVersion).toBe(2)
        expect(
          first.records.map((r) => [r.streamId, r.streamVersion, r.globalPosition, r.eventId]),
        ).toEqual([
          ['s', 1, 1, 'a-1'],
          ['s', 2, 2, 'a-2'],
        ])
        const second = await run(store.append('s', testEvents('b', 1), { expectedVersion: 2 }))
        expect(second.nextExpectedVersion).toBe(3)
        expect(second.records[0]?.globalPosition).toBe(3)
        expect(await run(store.readStream('s'))).toEqual([...first.records, ...second.records])
      }),
    )

    it(
      "'any' appends to an absent stream and to an existing one",
      withStore(makeStore, async (store) => {
        expect(
          (await run(store.append('s', [testEvent('1')], { expectedVersion: 'any' })))
            .nextExpectedVersion,
        ).toBe(1)
        expect(
          (await run(store.append('s', [testEvent('2')], { expectedVersion: 'any' })))
            .nextExpectedVersion,
        ).toBe(2)
      }),
    )

    it(
      "'no_stream' appends only to an absent stream",
      withStore(makeStore, async (store) => {
        await run(store.append('s', testEvents('a', 3), { expectedVersion: 'no_stream' }))
        await expectWrongVersion(store, 's', 'no_stream', 3)
      }),
    )

    it(
      "'stream_exists' appends only to a stream holding events",
      withStore(makeStore, async (store) => {
        await expectWrongVersion(store, 's', 'stream_exists', 0)
        await run(store.append('s', testEvents('a', 2), { expectedVersion: 'any' }))
        const result = await run(
          store.append('s', [testEvent('b')], { expectedVersion: 'stream_exists' }),
        )
        expect(result.nextExpectedVersion).toBe(3)
      }),
    )

    it(
      'an exact version appends only when it is the current version (0 = absent)',
      withStore(makeStore, async (store) => {
        await expectWrongVersion(store, 's', 1, 0)
        await run(store.append('s', testEvents('a', 2), { expectedVersion: 0 }))
        await expectWrongVersion(store, 's', 0, 2)
        await expectWrongVersion(store, 's', 1, 2)
        await expectWrongVersion(store, 's', 3, 2)
        const result = await run(store.append('s', [testEvent('b')], { expectedVersion: 2 }))
        expect(result.nextExpectedVersion).toBe(3)
      }),
    )

    it(
      'a refused multi-event append writes none of its events',
      withStore(makeStore, async (store) => {
        await run(store.append('s', testEvents('a', 2), { expectedVersion: 'no_stream' }))
        await runError(store.append('s', testEvents('b', 5), { expectedVersion: 1 }))
        expect(await run(store.streamVersion('s'))).toBe(2)
        expect(await run(store.headPosition())).toBe(2)
        expect((await run(store.readAll())).map((r) => r.eventId)).toEqual(['a-1', 'a-2'])
      }),
    )

    it(
      'an empty append checks the expected version and writes nothing',
      withStore(makeStore, async (store) => {
        expect(await run(store.append('s', [], { expectedVersion: 'no_stream' }))).toEqual({
          nextExpectedVersion: 0,
          records: [],
        })
        expect(await run(store.streamVersion('s'))).toBe(0)
        await run(store.append('s', testEvents('a', 2), { expectedVersion: 'any' }))
        expect((await run(store.append('s', [], { expectedVersion: 2 }))).nextExpectedVersion).toBe(
          2,
        )
        const error = await runError(store.append('s', [], { expectedVersion: 5 }))
        expect(error).toEqual({
          _tag: 'WrongExpectedVersion',
          streamId: 's',
          expected: 5,
          actual: 2,
        })
        expect(await run(store.headPosition())).toBe(2)
      }),
    )

    it(
      'streams are isolated: versions count per stream, positions count per store',
      withStore(makeStore, async (store) => {
        await run(store.append('a', testEvents('a1', 2), { expectedVersion: 'no_stream' }))
        await run(store.append('b', testEvents('b1', 1), { expectedVersion: 'no_stream' }))
        await run(store.append('a', testEvents('a2', 1), { expectedVersion: 2 }))
        expect(await run(store.streamVersion('a'))).toBe(3)
        expect(await run(store.streamVersion('b'))).toBe(1)
        expect(
          (await run(store.readStream('a'))).map((r) => [r.streamVersion, r.globalPosition]),
        ).toEqual([
          [1, 1],
          [2, 2],
          [3, 4],
        ])
        expect(
          (await run(store.readStream('b'))).map((r) => [r.streamVersion, r.globalPosition]),
        ).toEqual([[1, 3]])
        expect(await run(store.readStream('c'))).toEqual([])
      }),
    )

    it(
      'reads see every acknowledged append at once (read-your-writes)',
      withStore(makeStore, async (store) => {
        for (let i = 1; i <= 5; i++) {
          const { records } = await run(
            store.append(`s${i % 2}`, [testEvent(`e${i}`)], { expectedVersion: 'any' }),
          )
          expect(await run(store.headPosition())).toBe(i)
          expect(await run(store.readAll({ fromPosition: i }))).toEqual(records)
          expect(
            await run(store.readStream(`s${i % 2}`, { direction: 'backward', limit: 1 })),
          ).toEqual(records)
        }
      }),
    )

    it(
      'racing appends expecting the same version: exactly one wins, the others are refused',
      withStore(makeStore, async (store) => {
        const outcomes = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            attempt(store.append('s', testEvents(`w${i}`, 2), { expectedVersion: 'no_stream' })),
          ),
        )
        expect(outcomes.filter((o) => o._tag === 'Success')).toHaveLength(1)
        for (const outcome of outcomes) {
          if (outcome._tag === 'Failure') expect(outcome.failure._tag).toBe('WrongExpectedVersion')
        }
        expect(await run(store.streamVersion('s'))).toBe(2)
        expect(await run(store.headPosition())).toBe(2)
      }),
    )

    it(
      "racing 'any' appends to many streams keep positions dense and versions dense",
      withStore(makeStore, async (store) => {
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            run(
              store.append(`s${i % 3}`, testEvents(`r${i}`, 1 + (i % 2)), {
                expectedVersion: 'any',
              }),
            ),
          ),
        )
        const all = await run(store.readAll())
        expect(all.map((r) => r.globalPosition)).toEqual(all.map((_, i) => i + 1))
        expect(all).toHaveLength(30)
        for (const streamId of ['s0', 's1', 's2']) {
          const stream = await run(store.readStream(streamId))
          expect(stream.map((r) => r.streamVersion)).toEqual(stream.map((_, i) => i + 1))
        }
      }),
    )
  })
}
