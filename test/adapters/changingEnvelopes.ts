/**
 * Envelopes whose getters answer differently on each read, as an untyped caller's proxy or
 * accessor may: a store must read each field once, check that reading, and keep exactly it. Each
 * adapter's tests run these against their own store (`checkChangingEnvelopes`).
 */
import { Effect } from 'effect'
import { expect } from 'vitest'
import type { EventToAppend } from '../../src/codec/RecordedEvent.js'
import type { EventStore } from '../../src/store/EventStore.js'

const firstTime = '2024-01-01T00:00:00.000Z'
const laterTime = '2025-06-01T00:00:00.000Z'

/** A getter answering `answers` in turn (the last one from then on), counting its reads. */
const changing = (
  answers: ReadonlyArray<unknown>,
): { readonly reads: () => number; readonly get: () => unknown } => {
  let count = 0
  return {
    reads: () => count,
    get: () => answers[Math.min(count++, answers.length - 1)],
  }
}

const envelope = (eventId: string, metadata: () => unknown): EventToAppend =>
  Object.defineProperty({ eventId, type: 'T', schemaVersion: 1, data: { eventId } }, 'metadata', {
    get: metadata,
    enumerable: true,
  }) as unknown as EventToAppend

const withTime = (recordedAt: () => unknown): object =>
  Object.defineProperty({ note: 'n' }, 'recordedAt', { get: recordedAt, enumerable: true })

/**
 * Appends envelopes whose `metadata` or `metadata.recordedAt` changes between reads to
 * `store` (empty streams `changing-*` assumed), and checks that each field was read once and that
 * the stored event holds what was checked: a bad first answer is refused even when a later read
 * would pass, and a good first answer is the one kept.
 */
export const checkChangingEnvelopes = async (store: EventStore): Promise<void> => {
  // recordedAt: first a value that is no time, then absent (which would take the clock).
  const badThenAbsent = changing(['not-a-time', undefined])
  const refused = await Effect.runPromise(
    Effect.result(
      store.append('changing-a', [envelope('ca', () => withTime(badThenAbsent.get))], {
        expectedVersion: 'no_stream',
      }),
    ),
  )
  expect(refused._tag).toBe('Failure')
  if (refused._tag === 'Failure')
    expect(refused.failure).toMatchObject({
      _tag: 'InvalidArgument',
      field: 'events[0].metadata.recordedAt',
    })
  expect(badThenAbsent.reads()).toBe(1)
  expect(await Effect.runPromise(store.streamVersion('changing-a'))).toBe(0)

  // recordedAt: first a good time, then another good one, then garbage.
  const goodThenOther = changing([firstTime, laterTime, 'garbage'])
  const timeAppend = await Effect.runPromise(
    store.append('changing-b', [envelope('cb', () => withTime(goodThenOther.get))], {
      expectedVersion: 'no_stream',
    }),
  )
  expect(goodThenOther.reads()).toBe(1)
  expect(timeAppend.records[0]?.metadata).toEqual({ recordedAt: firstTime, note: 'n' })

  // metadata itself: first an object with a good time, then one with a bad time.
  const metadata = changing([{ recordedAt: firstTime }, { recordedAt: 'garbage' }])
  const metadataAppend = await Effect.runPromise(
    store.append('changing-c', [envelope('cc', metadata.get)], { expectedVersion: 'no_stream' }),
  )
  expect(metadata.reads()).toBe(1)
  expect(metadataAppend.records[0]?.metadata).toEqual({ recordedAt: firstTime })

  // A frozen metadata object whose recordedAt is a getter (a store may keep the copy of a
  // frozen, data-only metadata object for the next append: a getter must not be read again to
  // find out whether it is one).
  const frozenTime = changing([firstTime, 'garbage'])
  const frozenAppend = await Effect.runPromise(
    store.append('changing-d', [envelope('cd', () => Object.freeze(withTime(frozenTime.get)))], {
      expectedVersion: 'no_stream',
    }),
  )
  expect(frozenTime.reads()).toBe(1)
  expect(frozenAppend.records[0]?.metadata).toEqual({ recordedAt: firstTime, note: 'n' })

  // What is read back is what was acknowledged.
  const stored = await Effect.runPromise(store.readAll())
  expect(stored.map((record) => [record.eventId, record.metadata])).toEqual([
    ['cb', { recordedAt: firstTime, note: 'n' }],
    ['cc', { recordedAt: firstTime }],
    ['cd', { recordedAt: firstTime, note: 'n' }],
  ])
}
