/**
 * Conformance: values that are not JSON. `EventToAppend` says `Json`, but JavaScript callers
 * (and casts) can pass anything; a store refuses such an append as `UnstorableEvent`, naming
 * the path, writes nothing of it, and stays writable.
 *
 * @since 0.1.0
 */
import { describe, expect, it } from 'vitest'
import type { EventToAppend, Json } from '../../codec/RecordedEvent.js'
import type { MakeStore } from './harness.js'
import { run, runError, testEvent, withStore } from './harness.js'

const recordedAt = '2024-01-01T00:00:00.000Z'

/** A class instance, as a domain might hold. */
class Money {
  constructor(readonly amount: number) {}
}

const cyclic = (): unknown => {
  const node: { name: string; self?: unknown } = { name: 'node' }
  node.self = node
  return { node }
}

/** A value that is not JSON, where it goes, and what the reason must mention. */
interface NotJsonCase {
  readonly label: string
  /** The event's `data` and `metadata`, as a JavaScript caller might pass them. */
  readonly data: () => unknown
  readonly metadata?: () => unknown
  /** The path the reason names, and a word of the reason. */
  readonly path: string
  readonly word: string
}

const cases: ReadonlyArray<NotJsonCase> = [
  { label: 'undefined data', data: () => undefined, path: 'data', word: 'undefined' },
  {
    label: 'undefined inside an object',
    data: () => ({ kept: 1, gone: undefined }),
    path: 'data.gone',
    word: 'undefined',
  },
  {
    label: 'undefined inside an array',
    data: () => ({ list: [1, undefined] }),
    path: 'data.list[1]',
    word: 'undefined',
  },
  { label: 'a bigint', data: () => ({ amount: 5n }), path: 'data.amount', word: 'bigint' },
  { label: 'NaN', data: () => ({ ratio: NaN }), path: 'data.ratio', word: 'NaN' },
  {
    label: 'Infinity',
    data: () => ({ limits: [1, Infinity] }),
    path: 'data.limits[1]',
    word: 'Infinity',
  },
  { label: '-Infinity', data: () => ({ floor: -Infinity }), path: 'data.floor', word: 'Infinity' },
  {
    label: 'a function',
    data: () => ({ callback: () => 1 }),
    path: 'data.callback',
    word: 'function',
  },
  { label: 'a symbol', data: () => ({ tag: Symbol('tag') }), path: 'data.tag', word: 'symbol' },
  { label: 'a cycle', data: cyclic, path: 'data.node.self', word: 'cycle' },
  { label: 'a Date', data: () => ({ at: new Date(0) }), path: 'data.at', word: 'Date' },
  { label: 'a Date as data', data: () => new Date(0), path: 'data', word: 'Date' },
  { label: 'a Map', data: () => ({ index: new Map() }), path: 'data.index', word: 'Map' },
  {
    label: 'a class instance',
    data: () => ({ price: new Money(5) }),
    path: 'data.price',
    word: 'Money',
  },
  {
    label: 'a bigint in metadata',
    data: () => ({}),
    metadata: () => ({ recordedAt, tenant: 1n }),
    path: 'metadata.tenant',
    word: 'bigint',
  },
  {
    label: 'undefined in metadata',
    data: () => ({}),
    metadata: () => ({ recordedAt, note: undefined }),
    path: 'metadata.note',
    word: 'undefined',
  },
  {
    label: 'a cycle in metadata',
    data: () => ({}),
    metadata: () => ({ recordedAt, trace: cyclic() }),
    path: 'metadata.trace.node.self',
    word: 'cycle',
  },
]

/** An event built from JavaScript values, past the type checker as a caller's cast would be. */
const looseEvent = (eventId: string, data: unknown, metadata?: unknown): EventToAppend =>
  ({
    eventId,
    type: 'TestEvent',
    schemaVersion: 1,
    data,
    metadata: metadata ?? { recordedAt },
  }) as EventToAppend

/**
 * Registers the tests of values that are not JSON.
 *
 * @category conformance
 * @since 0.1.0
 */
export const jsonConformance = (makeStore: MakeStore): void => {
  describe('values that are not JSON', () => {
    it.each(cases)(
      'refuses $label as UnstorableEvent naming $path, writes nothing and stays writable',
      (notJson) =>
        withStore(makeStore, async (store) => {
          await run(store.append('s', [testEvent('first')], { expectedVersion: 'no_stream' }))
          const before = await run(store.readAll())
          const error = await runError(
            store.append(
              's',
              [testEvent('good'), looseEvent('bad', notJson.data(), notJson.metadata?.())],
              { expectedVersion: 1 },
            ),
          )
          expect(error._tag).toBe('UnstorableEvent')
          if (error._tag !== 'UnstorableEvent') return
          expect(error.streamId).toBe('s')
          expect(error.eventId).toBe('bad')
          expect(error.reason).toContain(`${notJson.path}:`)
          expect(error.reason).toContain(notJson.word)
          // Nothing of the refused append is stored, not even its valid event or its ids.
          expect(await run(store.readAll())).toEqual(before)
          expect(await run(store.streamVersion('s'))).toBe(1)
          expect(await run(store.headPosition())).toBe(1)
          const after = await run(
            store.append('s', [testEvent('good'), testEvent('bad')], { expectedVersion: 1 }),
          )
          expect(after.nextExpectedVersion).toBe(3)
          const all = await run(store.readAll())
          expect(all.map((record) => record.eventId)).toEqual(['first', 'good', 'bad'])
          expect(all[2]?.data).toEqual({ id: 'bad' })
        })(),
    )

    it(
      'stores JSON as given: nulls, nested arrays, unicode, numbers at their limits',
      withStore(makeStore, async (store) => {
        const data: Json = {
          nothing: null,
          nested: [[1, [2, [3]]], { deep: { deeper: [true, false] } }],
          text: 'ünïcødé 🎉',
          numbers: [0, -1.5, Number.MAX_SAFE_INTEGER, 1e300],
        }
        await run(store.append('s', [testEvent('e', data)], { expectedVersion: 'no_stream' }))
        const [record] = await run(store.readStream('s'))
        expect(record?.data).toEqual(data)
      }),
    )

    it(
      'reads metadata afresh at every append, even a frozen object whose getter changes',
      withStore(makeStore, async (store) => {
        let tenant = 'a'
        const metadata = Object.freeze(
          Object.defineProperty({ recordedAt } as { [key: string]: Json }, 'tenant', {
            get: () => tenant,
            enumerable: true,
          }),
        ) as EventToAppend['metadata']
        const event = (eventId: string): EventToAppend => ({
          eventId,
          type: 'TestEvent',
          schemaVersion: 1,
          data: {},
          metadata,
        })
        await run(store.append('s', [event('e1')], { expectedVersion: 'no_stream' }))
        tenant = 'b'
        await run(store.append('s', [event('e2')], { expectedVersion: 1 }))
        const records = await run(store.readStream('s'))
        expect(records.map((record) => record.metadata['tenant'])).toEqual(['a', 'b'])
      }),
    )
  })
}
