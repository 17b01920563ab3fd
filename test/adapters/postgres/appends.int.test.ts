/**
 * Appends the server must refuse one by one: event ids already stored, values `jsonb` cannot
 * hold, each refused as a StoreError naming the event, alone or inside a group commit, with
 * nothing of the refused append written; and the records an append hands back.
 */
import { Effect } from 'effect'
import { describe, expect, it } from 'vitest'
import type { EventToAppend, Json, RecordedEvent } from '../../../src/codec/RecordedEvent.js'
import type { PostgresStore } from '../../../src/adapters/postgres/index.js'
import { makeGroupCommit } from '../../../src/adapters/postgres/groupCommit.js'
import type { StoreError } from '../../../src/store/StoreError.js'
import { checkChangingEnvelopes } from '../changingEnvelopes.js'
import { makeTestStore } from './fixtures.js'

const run = Effect.runPromise
const failure = async <A>(effect: Effect.Effect<A, StoreError>): Promise<StoreError> => {
  const result = await run(Effect.result(effect))
  if (result._tag === 'Success') throw new Error(`expected a store error, got a success`)
  return result.failure
}
const tags = <A>(effect: Effect.Effect<A, StoreError>) =>
  run(Effect.result(effect)).then((r) => (r._tag === 'Success' ? 'Success' : r.failure._tag))

const event = (id: string, data: Json = null, metadata: EventToAppend['metadata'] = {}) => ({
  eventId: id,
  type: 'T',
  schemaVersion: 1,
  data,
  metadata,
})

const withStore = async (body: (store: PostgresStore) => Promise<void>): Promise<void> => {
  const { store, cleanup } = await makeTestStore()
  try {
    await body(store)
  } finally {
    await cleanup()
  }
}

const isDeeplyFrozen = (value: unknown): boolean =>
  typeof value !== 'object' ||
  value === null ||
  (Object.isFrozen(value) && Object.values(value).every(isDeeplyFrozen))

describe('postgres appends: duplicate event ids', () => {
  it('an append carrying an event id the store holds is DuplicateEventId naming it, and writes none of its events', () =>
    withStore(async (store) => {
      await run(store.append('a', [event('e1'), event('e2')], { expectedVersion: 'no_stream' }))
      const error = await failure(
        store.append('b', [event('fresh'), event('e2'), event('e3')], { expectedVersion: 'any' }),
      )
      expect(error).toEqual({ _tag: 'DuplicateEventId', streamId: 'b', eventId: 'e2' })
      expect(await run(store.streamVersion('b'))).toBe(0)
      expect((await run(store.readAll())).map((r) => r.eventId)).toEqual(['e1', 'e2'])
      // The log goes on densely after the refusal.
      const next = await run(store.append('b', [event('e3')], { expectedVersion: 'no_stream' }))
      expect(next.records.map((r) => r.globalPosition)).toEqual([3])
    }))

  it('an append repeating an event id within itself is DuplicateEventId, and writes nothing', () =>
    withStore(async (store) => {
      const error = await failure(
        store.append('a', [event('x'), event('y'), event('x')], { expectedVersion: 'no_stream' }),
      )
      expect(error).toEqual({ _tag: 'DuplicateEventId', streamId: 'a', eventId: 'x' })
      expect(await run(store.headPosition())).toBe(0)
    }))

  it('in one group commit, a duplicate event id sinks only its own append, also against an earlier append of the same group', () =>
    withStore(async (store) => {
      await run(store.append('held', [event('old')], { expectedVersion: 'no_stream' }))
      // The first append flushes alone; the others queue behind it and commit together.
      const outcomes = await Promise.all([
        tags(store.append('first', [event('f')], { expectedVersion: 'no_stream' })),
        tags(store.append('a', [event('a1')], { expectedVersion: 'no_stream' })),
        tags(store.append('b', [event('b1'), event('old')], { expectedVersion: 'any' })),
        tags(store.append('c', [event('shared')], { expectedVersion: 'any' })),
        tags(store.append('d', [event('shared')], { expectedVersion: 'any' })),
        tags(store.append('e', [event('e1'), event('e2')], { expectedVersion: 'no_stream' })),
      ])
      expect(outcomes).toEqual([
        'Success',
        'Success',
        'DuplicateEventId',
        'Success',
        'DuplicateEventId',
        'Success',
      ])
      const log = await run(store.readAll())
      expect(log.map((r) => r.eventId)).toEqual(['old', 'f', 'a1', 'shared', 'e1', 'e2'])
      expect(log.map((r) => r.globalPosition)).toEqual([1, 2, 3, 4, 5, 6])
      expect(await run(store.streamVersion('d'))).toBe(0)
    }))
})

describe('postgres appends: values jsonb cannot hold', () => {
  const refused: ReadonlyArray<readonly [string, EventToAppend]> = [
    ['U+0000 in a data string', event('bad', { text: 'nul \u0000 byte' })],
    ['U+0000 in a data key', event('bad', { ['key\u0000']: 1 })],
    ['U+0000 in a metadata field', event('bad', null, { tenant: 'a\u0000' })],
    ['a lone high surrogate', event('bad', ['half \ud83d'])],
    ['a lone low surrogate', event('bad', { text: '\udc00 half' })],
  ]

  it.each(refused)(
    'an event with %s is UnstorableEvent naming it, and nothing of its append is written',
    (_label, bad) =>
      withStore(async (store) => {
        const error = await failure(
          store.append('s', [event('good'), bad], { expectedVersion: 'no_stream' }),
        )
        expect(error._tag).toBe('UnstorableEvent')
        expect(error).toMatchObject({ streamId: 's', eventId: 'bad' })
        expect(await run(store.headPosition())).toBe(0)
      }),
  )

  it('an event type with U+0000 is refused as InvalidArgument before any query, like an id in every adapter', () =>
    withStore(async (store) => {
      const error = await failure(
        store.append('s', [event('good'), { ...event('bad'), type: 'T\u0000' }], {
          expectedVersion: 'no_stream',
        }),
      )
      expect(error).toMatchObject({ _tag: 'InvalidArgument', field: 'events[1].type' })
      expect(await run(store.headPosition())).toBe(0)
    }))

  it('stores what only looks like those: an escaped backslash before u0000, whole emoji, other control characters', () =>
    withStore(async (store) => {
      const data = { text: '\\u0000 and \\ud800', emoji: '🎉', control: '\u0001\u001f\t' }
      await run(store.append('s', [event('fine', data)], { expectedVersion: 'no_stream' }))
      const [record] = await run(store.readStream('s'))
      expect(record?.data).toEqual(data)
    }))

  it('concurrent appends committed together each get their own answer; data PostgreSQL refuses sinks only its own append', () =>
    withStore(async (store) => {
      const outcomes = await Promise.all([
        tags(store.append('a', [event('g1')], { expectedVersion: 'no_stream' })),
        tags(store.append('a', [event('g2')], { expectedVersion: 'no_stream' })),
        tags(store.append('b', [event('g3', 'nul \u0000 byte')], { expectedVersion: 'any' })),
        tags(store.append('c', [event('g4'), event('g5')], { expectedVersion: 'any' })),
      ])
      expect(outcomes).toEqual(['Success', 'WrongExpectedVersion', 'UnstorableEvent', 'Success'])
      expect((await run(store.readAll())).map((r) => r.eventId)).toEqual(['g1', 'g4', 'g5'])
    }))

  it('the group commit answers an append the server itself refuses with Refused, and commits the others of its batch', () =>
    withStore(async (store) => {
      // Past the store's own check: the raw JSON text the server receives carries \u0000.
      const enqueue = makeGroupCommit(store.pool, store.schema)
      const raw = (id: string, data: string) =>
        `[{"eventId":"${id}","type":"T","schemaVersion":1,"data":${data},"metadata":{}}]`
      const outcomes = await Promise.all([
        enqueue({ s: 'a', x: 'any', e: raw('r1', 'null') }, 1),
        enqueue({ s: 'b', x: 'any', e: raw('r2', 'null') }, 1),
        enqueue({ s: 'c', x: 'any', e: raw('r3', '"\\u0000"') }, 1),
        enqueue({ s: 'd', x: 'any', e: raw('r4', 'null') }, 1),
      ])
      expect(outcomes.map((o) => o._tag)).toEqual(['Appended', 'Appended', 'Refused', 'Appended'])
      expect((await run(store.readAll())).map((r) => r.eventId)).toEqual(['r1', 'r2', 'r4'])
    }))
})

describe('postgres appends: the records handed back', () => {
  it('append results are deeply frozen copies: changing the input afterwards changes neither them nor the store', () =>
    withStore(async (store) => {
      const data = { list: [1, 2], nested: { deep: true } }
      const metadata = { correlationId: 'c', tags: ['x'] }
      const input = [event('e', data, metadata)]
      const { records } = await run(store.append('s', input, { expectedVersion: 'no_stream' }))
      const [record] = records
      expect(isDeeplyFrozen(records)).toBe(true)
      expect(record?.data).not.toBe(data)
      expect(record?.metadata).not.toBe(metadata)
      data.list.push(3)
      data.nested.deep = false
      metadata.tags.push('y')
      input.push(event('later'))
      expect(records).toHaveLength(1)
      expect(record?.data).toEqual({ list: [1, 2], nested: { deep: true } })
      expect(record?.metadata.tags).toEqual(['x'])
      const [stored] = await run(store.readStream('s'))
      expect(stored?.data).toEqual({ list: [1, 2], nested: { deep: true } })
      expect(stored?.metadata).toEqual(record?.metadata)
    }))

  it('records read back are deeply frozen, by readStream and by readAll', () =>
    withStore(async (store) => {
      await run(
        store.append('s', [event('e', { list: [{ a: 1 }], o: { p: [] } }, { tags: ['t'] })], {
          expectedVersion: 'no_stream',
        }),
      )
      const read: ReadonlyArray<RecordedEvent> = [
        ...(await run(store.readStream('s'))),
        ...(await run(store.readStream('s', { direction: 'backward' }))),
        ...(await run(store.readAll())),
      ]
      expect(read).toHaveLength(3)
      for (const record of read) expect(isDeeplyFrozen(record)).toBe(true)
    }))

  it('an envelope whose getters change between reads: each field is read once and the stored event is the checked one', () =>
    withStore((store) => checkChangingEnvelopes(store)))
})
