import { Effect } from 'effect'
import { describe, expect, it } from 'vitest'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import type { EventToAppend } from '../../src/codec/RecordedEvent.js'
import { describeValue } from '../../src/store/DescribeValue.js'
import { freezeStorableEvent } from '../../src/store/FrozenRecord.js'
import {
  checkCheckpoint,
  checkReadAllOptions,
  checkSnapshot,
  expectedVersionRefusal,
} from '../../src/store/StoreArguments.js'
import { timeRefusal } from '../../src/store/Time.js'

const recordedAt = '2024-01-01T00:00:00.000Z'

describe('timeRefusal', () => {
  it.each([
    '2024-01-01T00:00:00Z',
    '2024-01-01T00:00:00.123456789Z',
    '2024-06-30T23:59:59.999+02:00',
    '2024-02-29T12:00:00.000Z',
    '2000-02-29T00:00:00Z',
  ])('accepts %s', (time) => {
    expect(timeRefusal(time)).toBeUndefined()
  })

  it.each([
    '2024-02-30T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-01-01T25:00:00Z',
    '2024-01-01T00:00Z',
    '2024-01-01T00:00:00',
    '2024-01-01',
    'Mon, 01 Jan 2024 00:00:00 GMT',
    '',
  ])('refuses %j', (time) => {
    expect(timeRefusal(time)).toMatch(/must be an ISO-8601 time/)
  })

  it('refuses what is not a string, after a valid time was cached', () => {
    expect(timeRefusal(recordedAt)).toBeUndefined()
    expect(timeRefusal(new Date(0))).toBe('must be an ISO-8601 time, got an object')
    expect(timeRefusal(0)).toBe('must be an ISO-8601 time, got 0')
  })
})

describe('describeValue', () => {
  it('describes every kind of value without throwing', () => {
    expect(
      [NaN, -0, '1', 1n, Symbol('s'), () => 1, null, undefined, [], Object.create(null)].map(
        describeValue,
      ),
    ).toEqual([
      'NaN',
      '0',
      '"1"',
      '1n',
      'a symbol',
      'a function',
      'null',
      'undefined',
      'an array',
      'an object',
    ])
    expect(describeValue('x'.repeat(100))).toHaveLength(43)
  })
})

describe('argument checks', () => {
  it('reads each event field once: what is checked is what is stored', () => {
    let reads = 0
    const event = {
      get eventId(): unknown {
        reads++
        return reads === 1 ? 'e1' : 42
      },
      type: 'T',
      schemaVersion: 1,
      data: {},
      metadata: { recordedAt },
    } as unknown as EventToAppend
    const frozen = freezeStorableEvent('s', event, recordedAt)
    expect(frozen).toMatchObject({ eventId: 'e1' })
    expect(reads).toBe(1)
    const store = makeMemoryStore()
    reads = 0
    const result = Effect.runSync(store.append('s', [event], { expectedVersion: 'any' }))
    expect(result.records[0]?.eventId).toBe('e1')
    expect(Effect.runSync(store.readAll())[0]?.eventId).toBe('e1')
  })

  it('names the field and the value of an expected version or a read option', () => {
    expect(expectedVersionRefusal('5')).toBe(
      `must be 'any', 'no_stream', 'stream_exists' or a non-negative safe integer, got "5"`,
    )
    expect(checkReadAllOptions({ limit: Infinity })).toEqual({
      _tag: 'InvalidArgument',
      operation: 'readAll',
      field: 'options.limit',
      reason: 'must be a non-negative safe integer, got Infinity',
    })
  })

  it('a snapshot nested 5,000 deep is refused with a short field, not a stack overflow', () => {
    let state: unknown = {}
    for (let i = 0; i < 5000; i++) state = { next: state }
    const refused = checkSnapshot({
      streamId: 's',
      streamVersion: 1,
      stateVersion: 1,
      state,
    } as never)
    expect(refused).toMatchObject({
      _tag: 'InvalidArgument',
      operation: 'saveSnapshot',
      reason: 'nested deeper than 1000 levels',
    })
    expect('field' in refused && refused.field.length).toBeLessThanOrEqual(201)
  })

  it('snapshots and checkpoints come back as frozen copies', () => {
    const readModel = { list: [1] }
    const checked = checkCheckpoint({ name: 'p', position: 1, readModel })
    readModel.list.push(2)
    expect(checked).toEqual({ name: 'p', position: 1, readModel: { list: [1] } })
    expect(Object.isFrozen(checked)).toBe(true)
  })
})
