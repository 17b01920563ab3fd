/**
 * Conformance: arguments from untyped callers. The port's types say what an append or a read
 * takes, but JavaScript callers and code forwarding parsed JSON pass numbers where strings
 * belong, `NaN`, `"1"`, objects, `null`, arrays, or leave fields out. A store refuses each such
 * argument as `InvalidArgument` naming the field, before writing anything, and stays usable:
 * nothing it acknowledges is ever unreadable.
 *
 * @since 0.1.0
 */
import type { Effect } from 'effect'
import { describe, expect, it } from 'vitest'
import type { EventToAppend } from '../../codec/RecordedEvent.js'
import type { AppendOptions, EventStore } from '../../store/EventStore.js'
import type { StoreError } from '../../store/StoreError.js'
import type { MakeStore } from './harness.js'
import { attempt, run, runError, testEvent, withStore } from './harness.js'

const recordedAt = '2024-01-01T00:00:00.000Z'

/** A field of the second event of an append, as an untyped caller may set it. */
interface EventFieldCase {
  readonly field: 'eventId' | 'type' | 'schemaVersion' | 'metadata' | 'recordedAt'
  readonly value: unknown
}

const eventFieldCases: ReadonlyArray<EventFieldCase> = [
  ...[42, {}, ['e'], null, undefined, '', 'a\u0000b', 'line\nbreak', 'half\ud800', true].map(
    (value) => ({ field: 'eventId' as const, value }),
  ),
  ...[7, '', null, undefined, { name: 'T' }, 'esc\u001b[31m'].map((value) => ({
    field: 'type' as const,
    value,
  })),
  ...[NaN, '1', 0, -1, 1.5, Infinity, null, undefined, 2 ** 31, 2 ** 53].map((value) => ({
    field: 'schemaVersion' as const,
    value,
  })),
  ...[null, 'metadata', 7, [], new Date(0)].map((value) => ({ field: 'metadata' as const, value })),
  ...[42, '', 'yesterday', '2024-13-01T00:00:00Z', '2024-01-01', null, {}].map((value) => ({
    field: 'recordedAt' as const,
    value,
  })),
]

/** A well-formed event with one field replaced by `value` (or removed, for `undefined`). */
const eventWith = (eventId: string, { field, value }: EventFieldCase): unknown => {
  const event: { [key: string]: unknown } = {
    eventId,
    type: 'TestEvent',
    schemaVersion: 1,
    data: { n: 1 },
    metadata: { recordedAt },
  }
  if (field === 'recordedAt') event['metadata'] = { recordedAt: value }
  else if (value === undefined) delete event[field]
  else event[field] = value
  return event
}

const fieldName = (field: EventFieldCase['field']): string =>
  field === 'recordedAt' ? 'events[1].metadata.recordedAt' : `events[1].${field}`

const describeCase = (label: string, value: unknown): string =>
  `${label} = ${typeof value === 'string' ? JSON.stringify(value) : String(value as never)}`

/** Expects `effect` to fail with `InvalidArgument` of `operation` naming `field`. */
const expectInvalid = async (
  effect: Effect.Effect<unknown, StoreError>,
  operation: string,
  field: string,
  label: string,
): Promise<void> => {
  const error = await runError(effect)
  expect(error, label).toMatchObject({ _tag: 'InvalidArgument', operation, field })
  if (error._tag === 'InvalidArgument') expect(error.reason, label).not.toBe('')
}

/** Expects the store to hold exactly the one event `first` in stream `s`, and to take more. */
const expectUntouchedAndWritable = async (store: EventStore, label: string): Promise<void> => {
  const all = await run(store.readAll())
  expect(
    all.map((record) => record.eventId),
    label,
  ).toEqual(['first'])
  expect(await run(store.streamVersion('s')), label).toBe(1)
}

/**
 * Registers the tests of arguments from untyped callers.
 *
 * @category conformance
 * @since 0.1.0
 */
export const argumentConformance = (makeStore: MakeStore): void => {
  describe('arguments from untyped callers', () => {
    it(
      'refuses a wrong event field as InvalidArgument naming it (events[i].field), writes nothing of the append and stays writable',
      withStore(makeStore, async (store) => {
        await run(store.append('s', [testEvent('first')], { expectedVersion: 'no_stream' }))
        for (const [i, bad] of eventFieldCases.entries()) {
          const label = describeCase(bad.field, bad.value)
          const events = [testEvent(`good-${i}`), eventWith(`bad-${i}`, bad)] as EventToAppend[]
          await expectInvalid(
            store.append('s', events, { expectedVersion: 'any' }),
            'append',
            fieldName(bad.field),
            label,
          )
          await expectUntouchedAndWritable(store, label)
        }
        // The ids of refused appends were never taken.
        const after = await run(
          store.append('s', [testEvent('good-0'), testEvent('bad-0')], { expectedVersion: 1 }),
        )
        expect(after.nextExpectedVersion).toBe(3)
      }),
    )

    it(
      'refuses an event that is not an object, and events that are not an array',
      withStore(makeStore, async (store) => {
        await run(store.append('s', [testEvent('first')], { expectedVersion: 'no_stream' }))
        for (const value of [null, undefined, 42, 'event', true]) {
          const label = describeCase('events[1]', value)
          const events = [testEvent('good'), value] as EventToAppend[]
          await expectInvalid(
            store.append('s', events, { expectedVersion: 'any' }),
            'append',
            'events[1]',
            label,
          )
          await expectUntouchedAndWritable(store, label)
        }
        for (const value of [null, undefined, 'abc', 42, { 0: testEvent('x'), length: 1 }]) {
          const label = describeCase('events', value)
          await expectInvalid(
            store.append('s', value as unknown as EventToAppend[], { expectedVersion: 'any' }),
            'append',
            'events',
            label,
          )
          await expectUntouchedAndWritable(store, label)
        }
      }),
    )

    it(
      "refuses an expected version that is not 'any', 'no_stream', 'stream_exists' or a non-negative safe integer (\"1\" is not 1)",
      withStore(makeStore, async (store) => {
        await run(store.append('s', [testEvent('first')], { expectedVersion: 'no_stream' }))
        const values = ['1', NaN, -1, 1.5, Infinity, 2 ** 53, 'latest', null, undefined, {}, [1]]
        for (const [i, value] of values.entries()) {
          const label = describeCase('expectedVersion', value)
          const options = { expectedVersion: value } as unknown as AppendOptions
          await expectInvalid(
            store.append('s', [testEvent(`e-${i}`)], options),
            'append',
            'options.expectedVersion',
            label,
          )
          await expectUntouchedAndWritable(store, label)
        }
        for (const value of [undefined, null, 1, 'any']) {
          const label = describeCase('options', value)
          const options = value as unknown as AppendOptions
          await expectInvalid(
            store.append('s', [testEvent('e')], options),
            'append',
            'options',
            label,
          )
          await expectUntouchedAndWritable(store, label)
        }
      }),
    )

    it(
      'refuses a stream id that is not a string as InvalidStreamId, everywhere',
      withStore(makeStore, async (store) => {
        for (const value of [42, null, undefined, {}, ['s']]) {
          const streamId = value as unknown as string
          const effects: ReadonlyArray<Effect.Effect<unknown, StoreError>> = [
            store.append(streamId, [testEvent('e')], { expectedVersion: 'any' }),
            store.readStream(streamId),
            store.streamVersion(streamId),
          ]
          for (const effect of effects) {
            const error = await runError(effect)
            expect(error._tag, describeCase('streamId', value)).toBe('InvalidStreamId')
          }
        }
        expect(await run(store.headPosition())).toBe(0)
      }),
    )

    it(
      'refuses read options that are not non-negative safe integers (NaN, "2", 1.5, -1, Infinity) or a known direction, in readStream and readAll',
      withStore(makeStore, async (store) => {
        await run(store.append('s', [testEvent('first')], { expectedVersion: 'no_stream' }))
        const numbers: ReadonlyArray<unknown> = [NaN, '2', 1.5, -1, Infinity, -Infinity, null, {}]
        for (const key of ['from', 'to', 'limit'] as const)
          for (const value of numbers)
            await expectInvalid(
              store.readStream('s', { [key]: value } as never),
              'readStream',
              `options.${key}`,
              describeCase(key, value),
            )
        for (const value of ['sideways', 'BACKWARD', 1, null])
          await expectInvalid(
            store.readStream('s', { direction: value } as never),
            'readStream',
            'options.direction',
            describeCase('direction', value),
          )
        for (const key of ['fromPosition', 'limit'] as const)
          for (const value of numbers)
            await expectInvalid(
              store.readAll({ [key]: value } as never),
              'readAll',
              `options.${key}`,
              describeCase(key, value),
            )
        for (const value of [null, 7, 'all']) {
          await expectInvalid(
            store.readStream('s', value as never),
            'readStream',
            'options',
            describeCase('options', value),
          )
          await expectInvalid(
            store.readAll(value as never),
            'readAll',
            'options',
            describeCase('options', value),
          )
        }
        await expectUntouchedAndWritable(store, 'after the refused reads')
        // Absent fields are defaults, not errors.
        expect(await run(store.readStream('s', {}))).toHaveLength(1)
        expect(await run(store.readAll({}))).toHaveLength(1)
      }),
    )

    it(
      'a refused append (an event without an id) does not disturb appends running beside it',
      withStore(makeStore, async (store) => {
        const { eventId: _, ...withoutId } = testEvent('no-id')
        const outcomes = await Promise.all([
          attempt(store.append('a', [testEvent('a1')], { expectedVersion: 'no_stream' })),
          attempt(
            store.append('b', [testEvent('b1'), withoutId as EventToAppend], {
              expectedVersion: 'no_stream',
            }),
          ),
          attempt(store.append('c', [testEvent('c1')], { expectedVersion: 'no_stream' })),
        ])
        expect(outcomes.map((outcome) => outcome._tag)).toEqual(['Success', 'Failure', 'Success'])
        const refused = outcomes[1]
        if (refused?._tag === 'Failure')
          expect(refused.failure).toMatchObject({
            _tag: 'InvalidArgument',
            field: 'events[1].eventId',
          })
        await run(store.append('b', [testEvent('b2')], { expectedVersion: 'no_stream' }))
        const all = await run(store.readAll())
        expect(all.map((record) => record.eventId).sort()).toEqual(['a1', 'b2', 'c1'])
      }),
    )
  })
}
