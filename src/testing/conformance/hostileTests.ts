/**
 * Conformance, as a property: an append of hostile envelopes (any JavaScript value in any field
 * of an event, its metadata or the options) is either refused with a typed store error, writing
 * nothing, or acknowledged and then read back intact, by `readStream` and `readAll` alike; and
 * the store takes and reads a well-formed append afterwards. Never acknowledged-then-unreadable.
 *
 * @since 0.1.0
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { EventToAppend, RecordedEvent } from '../../codec/RecordedEvent.js'
import type { AppendOptions, EventStore } from '../../store/EventStore.js'
import type { MakeStore } from './harness.js'
import { attempt, run, testEvent, withStore } from './harness.js'

/** The refusals an append of hostile values may answer; anything else fails the property. */
const typedRefusals: ReadonlyArray<string> = [
  'InvalidArgument',
  'UnstorableEvent',
  'DuplicateEventId',
  'WrongExpectedVersion',
]

const hostileScalar: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  NaN,
  Infinity,
  -Infinity,
  -0,
  '',
  '1',
  '\u0000',
  'half\ud800',
  '2024-13-01T00:00:00Z',
  null,
  undefined,
  true,
  0,
  -1,
  1.5,
  2 ** 31,
  2 ** 53,
  10n,
  Symbol('s'),
  () => 1,
  new Date(0),
  new Map(),
  [],
  {},
)

/** Any value at all, leaning towards the ones that break stores. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileScalar,
  fc.anything({
    maxDepth: 3,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withBoxedValues: true,
    withTypedArray: true,
  }),
)

/** A value for one field: most often a good one, so the other fields get tested too. */
const fieldValue = <A>(good: fc.Arbitrary<A>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 3, arbitrary: good }, { weight: 2, arbitrary: anyValue })

const goodData = fc.jsonValue({ maxDepth: 3 })

interface Hostile {
  readonly events: ReadonlyArray<unknown>
  readonly options: unknown
}

const eventArb: fc.Arbitrary<unknown> = fc
  .record({
    eventId: fieldValue(fc.uuid()),
    type: fieldValue(fc.constantFrom('Opened', 'Ünïcødé 🎉')),
    schemaVersion: fieldValue(fc.integer({ min: 1, max: 2 ** 31 - 1 })),
    data: fieldValue(goodData),
    metadata: fieldValue(
      fc.record(
        {
          recordedAt: fieldValue(fc.constant('2024-01-01T00:00:00.000Z')),
          correlationId: fieldValue(fc.string()),
          extra: fieldValue(goodData),
        },
        { requiredKeys: [] },
      ),
    ),
  })
  .chain((event) =>
    // Sometimes a field is missing altogether, as from parsed JSON.
    fc
      .subarray(['eventId', 'type', 'schemaVersion', 'data', 'metadata'], { maxLength: 1 })
      .map((missing) => {
        const copy: { [key: string]: unknown } = { ...event }
        for (const key of missing) delete copy[key]
        return copy
      }),
  )

const hostileArb: fc.Arbitrary<Hostile> = fc.record({
  events: fc.oneof(
    { weight: 9, arbitrary: fc.tuple(eventArb, eventArb) },
    { weight: 1, arbitrary: anyValue.map((value) => [value]) },
  ),
  options: fieldValue(
    fc.record({
      expectedVersion: fieldValue(fc.constantFrom('any', 'no_stream', 0)),
    }),
  ),
})

/** The JSON a record's field reads back as: stores keep JSON, so `-0` reads back as `0`. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? 'null')

/** Expects `record` to hold exactly what the caller gave in `given` (a hostile event). */
const expectIntact = (record: RecordedEvent | undefined, given: unknown): void => {
  const event = given as EventToAppend
  expect(record?.eventId).toBe(event.eventId)
  expect(record?.type).toBe(event.type)
  expect(record?.schemaVersion).toBe(event.schemaVersion)
  expect(asJson(record?.data)).toEqual(asJson(event.data))
  const { recordedAt, ...rest } = record?.metadata ?? { recordedAt: undefined }
  const { recordedAt: givenAt, ...givenRest } = event.metadata
  if (givenAt !== undefined) expect(recordedAt).toBe(givenAt)
  else expect(typeof recordedAt).toBe('string')
  expect(asJson(rest)).toEqual(asJson(givenRest))
}

/** The records of stream `streamId` after a fresh well-formed append, read both ways. */
const appendWellFormed = async (store: EventStore, streamId: string): Promise<void> => {
  const appended = await run(
    store.append(streamId, [testEvent(`${streamId}-after`)], { expectedVersion: 'no_stream' }),
  )
  const head = await run(store.headPosition())
  expect(appended.records[0]?.globalPosition).toBe(head)
  const [last] = await run(store.readAll({ fromPosition: head }))
  expect(last?.eventId).toBe(`${streamId}-after`)
}

/**
 * Registers the property of hostile envelopes.
 *
 * @category conformance
 * @since 0.1.0
 */
export const hostileConformance = (makeStore: MakeStore, numRuns: number): void => {
  describe('hostile envelopes', () => {
    it(
      'an append of any values is refused with a typed error and leaves no trace, or reads back intact; the store stays usable',
      withStore(makeStore, async (store) => {
        let runs = 0
        await fc.assert(
          fc.asyncProperty(hostileArb, async (hostile) => {
            const streamId = `hostile-${++runs}`
            const headBefore = await run(store.headPosition())
            const outcome = await attempt(
              store.append(
                streamId,
                hostile.events as ReadonlyArray<EventToAppend>,
                hostile.options as AppendOptions,
              ),
            )
            const stored = await run(store.readStream(streamId))
            if (outcome._tag === 'Failure') {
              expect(typedRefusals).toContain(outcome.failure._tag)
              expect(stored).toEqual([])
              expect(await run(store.headPosition())).toBe(headBefore)
            } else {
              const events = hostile.events
              expect(stored).toHaveLength(events.length)
              expect(outcome.success.records).toHaveLength(events.length)
              const fromLog = await run(store.readAll({ fromPosition: headBefore + 1 }))
              expect(fromLog).toEqual(stored)
              events.forEach((event, i) => {
                expectIntact(stored[i], event)
                expectIntact(outcome.success.records[i], event)
              })
            }
            await appendWellFormed(store, `${streamId}-next`)
          }),
          { numRuns },
        )
      }),
    )
  })
}
