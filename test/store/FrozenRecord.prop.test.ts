import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import type { Json } from '../../src/codec/RecordedEvent.js'
import {
  freezeJson,
  freezeStorableEvent,
  recordAt,
  recordBuilder,
} from '../../src/store/FrozenRecord.js'
import { checkEventFields } from '../../src/store/StoreArguments.js'

const isDeeplyFrozen = (value: unknown): boolean =>
  typeof value !== 'object' ||
  value === null ||
  (Object.isFrozen(value) && Object.values(value).every((field) => isDeeplyFrozen(field)))

const json = fc.jsonValue() as fc.Arbitrary<Json>

describe('freezeJson', () => {
  test.prop([json])('the copy equals the input as JSON', (value) => {
    expect(JSON.stringify(freezeJson(value))).toBe(JSON.stringify(value))
  })

  test.prop([json])('the copy is deeply frozen', (value) => {
    expect(isDeeplyFrozen(freezeJson(value))).toBe(true)
  })

  test.prop([json])('the input is left unfrozen and unchanged', (value) => {
    const before = JSON.stringify(value)
    freezeJson(value)
    expect(JSON.stringify(value)).toBe(before)
    if (typeof value === 'object' && value !== null) expect(Object.isFrozen(value)).toBe(false)
  })
})

describe('freezeJson and __proto__', () => {
  it('keeps a __proto__ key as an own field and never sets the prototype', () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Json
    const copy = freezeJson(input)
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"polluted":true},"a":1}')
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined()
  })
})

describe('freezeStorableEvent and recordAt', () => {
  it('fill recordedAt only when absent, keep user fields, and freeze the record', () => {
    const event = {
      eventId: 'e',
      type: 'T',
      schemaVersion: 2,
      data: { list: [1] },
      metadata: { correlationId: 'c', tenant: 'acme' },
    }
    const frozen = freezeStorableEvent('s', event, '2024-02-02T00:00:00.000Z')
    if ('_tag' in frozen) throw new Error(`refused: ${frozen.reason}`)
    const record = recordAt('s', 3, 9, frozen)
    expect(record).toEqual({
      streamId: 's',
      streamVersion: 3,
      globalPosition: 9,
      eventId: 'e',
      type: 'T',
      schemaVersion: 2,
      data: { list: [1] },
      metadata: { recordedAt: '2024-02-02T00:00:00.000Z', correlationId: 'c', tenant: 'acme' },
    })
    expect(isDeeplyFrozen(record)).toBe(true)
    const given = freezeStorableEvent(
      's',
      {
        eventId: 'e',
        type: 'T',
        schemaVersion: 2,
        data: null,
        metadata: { recordedAt: '2020-01-01T00:00:00.000Z' },
      },
      'x',
    )
    expect('_tag' in given ? given : given.metadata.recordedAt).toBe('2020-01-01T00:00:00.000Z')
  })
})

describe('recordBuilder checks every event field, whatever it built before', () => {
  const field = <A>(...values: ReadonlyArray<A>) => fc.constantFrom(...values)
  const event = fc.record({
    eventId: field<unknown>('e1', 'e2', '', 7, 'a\u0000'),
    type: field<unknown>('Opened', 'Paid', '', 5, undefined, 'b\n'),
    schemaVersion: field<unknown>(1, 2, 0, '1', 1.5),
  })
  test.prop([fc.array(fc.array(event, { maxLength: 4 }), { maxLength: 6 })])(
    'a batch is refused as its first event refused by checkEventFields, else built',
    (batches) => {
      const build = recordBuilder(() => '2024-01-01T00:00:00.000Z')
      for (const batch of batches) {
        const events = batch.map((e) => ({ ...e, data: {}, metadata: {} }))
        const built = build('s', 0, 0, events as never)
        const refusals = batch.map((e, i) =>
          checkEventFields(i, e.eventId, e.type, e.schemaVersion),
        )
        const expected = refusals.find((refusal) => refusal !== undefined)
        if (expected === undefined) expect(Array.isArray(built)).toBe(true)
        else expect(built).toEqual(expected)
      }
    },
  )
})
