/**
 * Conformance: event ids are unique store-wide, and the records an append returns belong to
 * the store (frozen, sharing nothing with the caller's input).
 *
 * @since 0.1.0
 */
import { describe, expect, it } from 'vitest'
import type { EventToAppend, Json } from '../../codec/RecordedEvent.js'
import type { EventStore } from '../../store/EventStore.js'
import type { ExpectedVersion } from '../../store/ExpectedVersion.js'
import type { MakeStore } from './harness.js'
import { attempt, run, runError, testEvent, withStore } from './harness.js'

const isDeeplyFrozen = (value: unknown): boolean =>
  typeof value !== 'object' ||
  value === null ||
  (Object.isFrozen(value) && Object.values(value).every((field) => isDeeplyFrozen(field)))

/** Appending `events` must fail with DuplicateEventId for `eventId` and change nothing. */
const expectDuplicate = async (
  store: EventStore,
  streamId: string,
  events: ReadonlyArray<EventToAppend>,
  expectedVersion: ExpectedVersion,
  eventId: string,
): Promise<void> => {
  const headBefore = await run(store.headPosition())
  const allBefore = await run(store.readAll())
  const versionBefore = await run(store.streamVersion(streamId))
  const error = await runError(store.append(streamId, events, { expectedVersion }))
  expect(error).toEqual({ _tag: 'DuplicateEventId', streamId, eventId })
  expect(await run(store.headPosition())).toBe(headBefore)
  expect(await run(store.readAll())).toEqual(allBefore)
  expect(await run(store.streamVersion(streamId))).toBe(versionBefore)
}

/**
 * Registers the event-id and returned-record tests.
 *
 * @category conformance
 * @since 0.1.0
 */
export const eventIdConformance = (makeStore: MakeStore): void => {
  describe('event ids', () => {
    it(
      'an append holding one event id twice is refused with DuplicateEventId and writes nothing',
      withStore(makeStore, async (store) => {
        await expectDuplicate(
          store,
          's',
          [testEvent('a'), testEvent('b'), testEvent('a')],
          'no_stream',
          'a',
        )
        expect(await run(store.headPosition())).toBe(0)
      }),
    )

    it(
      'an event id already stored is refused with DuplicateEventId, in any stream, with any expected version, and nothing is written',
      withStore(makeStore, async (store) => {
        await run(store.append('s', [testEvent('a'), testEvent('b')], { expectedVersion: 'any' }))
        await expectDuplicate(store, 's', [testEvent('c'), testEvent('b')], 'any', 'b')
        await expectDuplicate(store, 's', [testEvent('a')], 2, 'a')
        await expectDuplicate(store, 's', [testEvent('a')], 'stream_exists', 'a')
        await expectDuplicate(store, 'other', [testEvent('b')], 'no_stream', 'b')
        await expectDuplicate(store, 'other', [testEvent('d'), testEvent('a')], 'any', 'a')
        const next = await run(store.append('s', [testEvent('c')], { expectedVersion: 2 }))
        expect(next.records.map((r) => [r.eventId, r.streamVersion, r.globalPosition])).toEqual([
          ['c', 3, 3],
        ])
      }),
    )

    it(
      'racing appends of one event id to different streams: exactly one is stored',
      withStore(makeStore, async (store) => {
        const outcomes = await Promise.all(
          ['x', 'y', 'z'].map((streamId) =>
            attempt(store.append(streamId, [testEvent('same')], { expectedVersion: 'any' })),
          ),
        )
        expect(outcomes.filter((o) => o._tag === 'Success')).toHaveLength(1)
        for (const outcome of outcomes)
          if (outcome._tag === 'Failure') expect(outcome.failure._tag).toBe('DuplicateEventId')
        expect((await run(store.readAll())).map((r) => r.eventId)).toEqual(['same'])
      }),
    )
  })

  describe('returned records', () => {
    it(
      'append(...).records are deeply frozen and share nothing with the caller’s input',
      withStore(makeStore, async (store) => {
        const data = { list: [1, 2], nested: { deep: true } }
        const metadata = { recordedAt: '2024-01-01T00:00:00.000Z', tags: ['t'] }
        const input: EventToAppend = { eventId: 'e', type: 'T', schemaVersion: 1, data, metadata }
        const { records } = await run(store.append('s', [input], { expectedVersion: 'no_stream' }))
        const [record] = records
        expect(isDeeplyFrozen(record)).toBe(true)
        expect(record?.data).not.toBe(data)
        expect((record?.data as { list: Json }).list).not.toBe(data.list)
        expect(record?.metadata).not.toBe(metadata)
        expect(record?.metadata['tags']).not.toBe(metadata.tags)
        expect(Object.isFrozen(data) || Object.isFrozen(data.list)).toBe(false)
        data.list.push(3)
        metadata.tags.push('u')
        expect(record?.data).toEqual({ list: [1, 2], nested: { deep: true } })
        expect(record?.metadata['tags']).toEqual(['t'])
        expect(await run(store.readStream('s'))).toEqual(records)
      }),
    )
  })
}
