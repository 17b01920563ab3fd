import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import type { DecodeInput } from '../../src/codec/EventCodec.js'
import { eventCodec, formatDecodeError, versions } from '../../src/codec/index.js'

const codec = eventCodec({
  MoneyDeposited: versions(t.type({ amount: t.number })).upcastTo(
    t.type({ amount: t.number, currency: t.string }),
    (v1) => ({ amount: v1.amount, currency: 'EUR' }),
  ),
  Tagged: versions(t.intersection([t.type({ label: t.string }), t.partial({ note: t.string })])),
  Listed: versions(
    t.type({ tags: t.readonlyArray(t.string), kind: t.union([t.literal('a'), t.literal('b')]) }),
  ),
})

const record = (type: string, schemaVersion: number, data: unknown): DecodeInput => ({
  streamId: 'account-1',
  streamVersion: 7,
  type,
  schemaVersion,
  data,
})

describe('eventCodec', () => {
  it('encodes at the current schema version, without the type in the data', () => {
    expect(codec.encode({ type: 'MoneyDeposited', amount: 5, currency: 'USD' })).toStrictEqual({
      type: 'MoneyDeposited',
      schemaVersion: 2,
      data: { amount: 5, currency: 'USD' },
    })
    expect(codec.currentVersions.get('MoneyDeposited')).toBe(2)
    expect(codec.types).toStrictEqual(['MoneyDeposited', 'Tagged', 'Listed'])
  })

  it('decodes the current version as is', () => {
    expect(codec.decode(record('MoneyDeposited', 2, { amount: 5, currency: 'USD' }))).toStrictEqual(
      {
        _tag: 'Right',
        right: { type: 'MoneyDeposited', amount: 5, currency: 'USD' },
      },
    )
  })

  it('upcasts an old version to the current shape', () => {
    expect(codec.decode(record('MoneyDeposited', 1, { amount: 5 }))).toStrictEqual({
      _tag: 'Right',
      right: { type: 'MoneyDeposited', amount: 5, currency: 'EUR' },
    })
  })

  it('drops fields the codec does not know, and puts type first', () => {
    const result = codec.decode(
      record('MoneyDeposited', 2, { currency: 'USD', amount: 5, extra: 1 }),
    )
    expect(result._tag === 'Right' && Object.keys(result.right)).toStrictEqual([
      'type',
      'amount',
      'currency',
    ])
  })

  it('handles optional fields of an intersection with a partial', () => {
    expect(codec.decode(record('Tagged', 1, { label: 'x' }))).toStrictEqual({
      _tag: 'Right',
      right: { type: 'Tagged', label: 'x' },
    })
    expect(codec.encode({ type: 'Tagged', label: 'x', note: 'n' }).data).toStrictEqual({
      label: 'x',
      note: 'n',
    })
    expect(codec.decode(record('Tagged', 1, { label: 'x', note: 3 }))._tag).toBe('Left')
  })

  it('refuses an unknown event type, naming the known ones', () => {
    const result = codec.decode(record('MoneyStolen', 1, {}))
    expect(result).toStrictEqual({
      _tag: 'Left',
      left: {
        _tag: 'UnknownEventType',
        streamId: 'account-1',
        streamVersion: 7,
        type: 'MoneyStolen',
        schemaVersion: 1,
        knownTypes: ['MoneyDeposited', 'Tagged', 'Listed'],
      },
    })
  })

  it('refuses a schema version newer (or other) than the code knows', () => {
    for (const version of [3, 0, -1, 1.5, Number.NaN]) {
      const result = codec.decode(record('MoneyDeposited', version, { amount: 1 }))
      expect(result._tag === 'Left' && result.left).toMatchObject({
        _tag: 'UnsupportedSchemaVersion',
        supportedVersions: [1, 2],
      })
    }
    const tricky = codec.decode(record('MoneyDeposited', 'length' as unknown as number, {}))
    expect(tricky._tag === 'Left' && tricky.left._tag).toBe('UnsupportedSchemaVersion')
  })

  it('names every bad field with its io-ts path', () => {
    const result = codec.decode(record('MoneyDeposited', 2, { amount: 'ten' }))
    expect(result._tag === 'Left' && result.left).toStrictEqual({
      _tag: 'InvalidEventData',
      streamId: 'account-1',
      streamVersion: 7,
      type: 'MoneyDeposited',
      schemaVersion: 2,
      errors: [
        { path: 'data.amount', expected: 'number', actual: '"ten"' },
        { path: 'data.currency', expected: 'string', actual: 'undefined' },
      ],
    })
    expect(result._tag === 'Left' && formatDecodeError(result.left)).toBe(
      'InvalidEventData in account-1@7 (MoneyDeposited v2): data.amount: expected number, got "ten"; data.currency: expected string, got undefined',
    )
  })

  it('names nested paths, array indexes and unions by name', () => {
    const result = codec.decode(record('Listed', 1, { tags: ['a', 2], kind: 'c' }))
    expect(
      result._tag === 'Left' && result.left._tag === 'InvalidEventData' && result.left.errors,
    ).toStrictEqual([
      { path: 'data.tags.1', expected: 'string', actual: '2' },
      { path: 'data.kind', expected: '("a" | "b")', actual: '"c"' },
    ])
  })

  it('validates old versions too, before upcasting', () => {
    const result = codec.decode(record('MoneyDeposited', 1, { amount: null }))
    expect(result._tag === 'Left' && formatDecodeError(result.left)).toBe(
      'InvalidEventData in account-1@7 (MoneyDeposited v1): data.amount: expected number, got null',
    )
  })

  it('refuses data that is not an object', () => {
    for (const data of [null, 3, 'x', [], undefined]) {
      const result = codec.decode(record('MoneyDeposited', 2, data))
      expect(result._tag === 'Left' && result.left._tag).toBe('InvalidEventData')
    }
  })

  it('formats the other errors on one line', () => {
    const unknown = codec.decode(record('Nope', 1, {}))
    const unsupported = codec.decode(record('MoneyDeposited', 9, {}))
    expect(unknown._tag === 'Left' && formatDecodeError(unknown.left)).toBe(
      'UnknownEventType in account-1@7 (Nope v1): unknown event type; known types: MoneyDeposited, Tagged, Listed',
    )
    expect(unsupported._tag === 'Left' && formatDecodeError(unsupported.left)).toBe(
      'UnsupportedSchemaVersion in account-1@7 (MoneyDeposited v9): unsupported schema version; supported: v1, v2',
    )
  })
})
